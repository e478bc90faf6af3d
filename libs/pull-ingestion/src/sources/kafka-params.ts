import { readFileSync } from 'node:fs';
import type { KafkaConfig, SASLOptions } from 'kafkajs';
// Every Kafka client of the plugin is configured from here: make sure it reads snappy, lz4 and zstd batches.
import './kafka-codecs';

/** The Kafka source's `param.*` settings, as strings (OpenSearch passes them to the KafkaConsumer verbatim). */
export type KafkaParams = Record<string, string>;

/** What the Kafka shard consumer needs, derived from `param.*`. */
export interface KafkaSourceConfig {
  topic: string;
  brokers: string[];
  client: Omit<KafkaConfig, 'brokers' | 'clientId'>;
  /** The Fetch requests' limits (Kafka's consumer properties and defaults). */
  fetch: KafkaFetchConfig;
  /** `auto.offset.reset`: what a timestamp reset falls back to when no offset is found (default `none`). */
  autoOffsetReset: 'earliest' | 'latest' | 'none';
}

/** What every Fetch request asks for. */
export interface KafkaFetchConfig {
  /** `fetch.min.bytes` (1). */
  minBytes: number;
  /** `fetch.max.wait.ms`: how long the broker holds a fetch that has less than minBytes (200 here; Kafka: 500). */
  maxWaitMs: number;
  /** `max.partition.fetch.bytes` (1 MiB). */
  maxBytesPerPartition: number;
  /** `fetch.max.bytes` (50 MiB). */
  maxBytes: number;
  /** `isolation.level`: read_uncommitted unless set to read_committed (the Java consumer's default, so OpenSearch's). */
  readUncommitted: boolean;
}

const JAAS_FIELD = (name: string) => new RegExp(`${name}\\s*=\\s*"([^"]*)"`);

function sasl(params: KafkaParams): SASLOptions | undefined {
  const protocol = (params['security.protocol'] ?? 'PLAINTEXT').toUpperCase();
  if (!protocol.startsWith('SASL')) return undefined;
  const jaas = params['sasl.jaas.config'] ?? '';
  const username = params['sasl.username'] ?? JAAS_FIELD('username').exec(jaas)?.[1] ?? '';
  const password = params['sasl.password'] ?? JAAS_FIELD('password').exec(jaas)?.[1] ?? '';
  const mechanism = (params['sasl.mechanism'] ?? 'PLAIN').toUpperCase();
  if (mechanism === 'PLAIN') return { mechanism: 'plain', username, password };
  if (mechanism === 'SCRAM-SHA-256') return { mechanism: 'scram-sha-256', username, password };
  if (mechanism === 'SCRAM-SHA-512') return { mechanism: 'scram-sha-512', username, password };
  throw new Error(`Unsupported sasl.mechanism [${params['sasl.mechanism']}]: use PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512`);
}

/** PEM text from an inline `ssl.*.pem`-style value or a file path (`*.location`). */
function pem(params: KafkaParams, inline: string, location: string): string | undefined {
  if (params[inline]) return params[inline];
  return params[location] ? readFileSync(params[location], 'utf8') : undefined;
}

function ssl(params: KafkaParams): KafkaConfig['ssl'] {
  const protocol = (params['security.protocol'] ?? 'PLAINTEXT').toUpperCase();
  if (protocol !== 'SSL' && protocol !== 'SASL_SSL') return undefined;
  const ca = pem(params, 'ssl.truststore.certificates', 'ssl.ca.location');
  const cert = pem(params, 'ssl.keystore.certificate.chain', 'ssl.certificate.location');
  const key = pem(params, 'ssl.keystore.key', 'ssl.key.location');
  const verify = (params['enable.ssl.certificate.verification'] ?? 'true') !== 'false';
  const checkHost = params['ssl.endpoint.identification.algorithm'] !== '';
  return {
    rejectUnauthorized: verify,
    ...(ca ? { ca: [ca] } : {}),
    ...(cert ? { cert } : {}),
    ...(key ? { key } : {}),
    ...(checkHost ? {} : { checkServerIdentity: () => undefined }),
  };
}

function int(params: KafkaParams, key: string): number | undefined {
  return params[key] === undefined ? undefined : Number.parseInt(params[key], 10);
}

/**
 * Maps Kafka consumer properties (as OpenSearch users write them: `bootstrap_servers`, `topic`,
 * `security.protocol`, `sasl.*`, `ssl.*`, `fetch.*`) onto kafkajs options.
 */
export function kafkaSourceConfig(params: KafkaParams): KafkaSourceConfig {
  const reset = (params['auto.offset.reset'] ?? 'none').toLowerCase();
  return {
    topic: params.topic,
    brokers: params.bootstrap_servers.split(',').map((s) => s.trim()).filter(Boolean),
    client: {
      ssl: ssl(params),
      sasl: sasl(params),
      connectionTimeout: int(params, 'socket.connection.setup.timeout.ms') ?? 3000,
      requestTimeout: int(params, 'request.timeout.ms') ?? 30000,
    },
    fetch: {
      minBytes: int(params, 'fetch.min.bytes') ?? 1,
      maxWaitMs: int(params, 'fetch.max.wait.ms') ?? 200,
      maxBytesPerPartition: int(params, 'max.partition.fetch.bytes') ?? 1_048_576,
      maxBytes: int(params, 'fetch.max.bytes') ?? 52_428_800,
      readUncommitted: params['isolation.level'] !== 'read_committed',
    },
    autoOffsetReset: reset === 'earliest' || reset === 'latest' ? reset : 'none',
  };
}
