import { mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@opensearch-project/opensearch';
import { clustersModule, localPassThrough } from '@ferry/clusters';
import { createTestGateway, type RootModule, type TestGateway } from '@ferry/core';
import { startEmbeddedCluster, type EmbeddedCluster } from '@ferry/embedded-cluster';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { startKafkaMock, type KafkaMock } from '../../../tools/peers/kafka-mock';
import { pullIngestionPlugin } from '../src';

/** A gateway with the pull-ingestion plugin in front of an embedded local cluster. */
export interface IngestionHarness {
  dir: string;
  cluster: EmbeddedCluster;
  gw: TestGateway;
  /** The official client against the gateway. */
  client: Client;
  /** Restarts the gateway on the same data dir (the cluster keeps running). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** Short waits so tests do not sit through OpenSearch's 2 s / 10 s retry intervals. */
export const FAST_TIMINGS = { retryWaitMs: 200, consumerInitRetryMs: 300, idleMs: 20 };

/** What a test may add to the harness's gateway. */
export interface HarnessOptions {
  /** Root modules besides the clusters module (e.g. one registering INGESTION_TOKENS.sealer). */
  modules?: readonly RootModule<unknown>[];
  /** Merged over the `ingestion` config section (FAST_TIMINGS; `file.roots`: the harness dir). */
  ingestion?: Record<string, unknown>;
  /** Other sections of the gateway config (e.g. `flows`). */
  config?: Record<string, unknown>;
}

async function gateway(clusterUrl: string, dir: string, options: HarnessOptions): Promise<TestGateway> {
  return createTestGateway({
    modules: [clustersModule(), ...(options.modules ?? [])],
    plugins: [pullIngestionPlugin],
    fallback: localPassThrough(),
    dataDir: join(dir, 'gateway'),
    config: {
      ...options.config,
      clusters: { local: 'local', connections: { local: { url: clusterUrl } } },
      ingestion: { ...FAST_TIMINGS, file: { roots: [dir] }, ...options.ingestion },
    },
  });
}

/** Starts an embedded cluster and a gateway in front of it, in a new temporary dir (file sources may live anywhere in it). */
export async function startHarness(options: HarnessOptions = {}): Promise<IngestionHarness> {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'ferry-ingest-')));
  mkdirSync(join(dir, 'gateway'));
  const cluster = await startEmbeddedCluster({ name: 'local', dataDir: join(dir, 'cluster') });
  const h: IngestionHarness = {
    dir,
    cluster,
    gw: await gateway(cluster.url, dir, options),
    client: undefined as never,
    async restart() {
      await h.client.close();
      await h.gw.close();
      h.gw = await gateway(cluster.url, dir, options);
      h.client = new Client({ node: h.gw.url });
    },
    async close() {
      await h.client.close();
      await h.gw.close();
      await cluster.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  h.client = new Client({ node: h.gw.url });
  return h;
}

/** Polls `check` until it returns true (or a value) or the time is up, then fails with the last value. */
export async function waitFor<T>(check: () => Promise<T>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await check();
    if (last) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
}

/** Refreshes and counts the documents of an index. */
export async function countDocs(client: Client, index: string): Promise<number> {
  await client.indices.refresh({ index });
  return (await client.count({ index })).body.count;
}

/** An ndjson line in OpenSearch's default envelope. */
export function envelope(id: string, source: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ _id: id, _source: source, ...extra });
}

/** A harness with a kcat mock Kafka cluster and a connected producer. */
export interface KafkaHarness {
  h: IngestionHarness;
  mock: KafkaMock;
  producer: Producer;
  close(): Promise<void>;
}

/** Starts the gateway harness and the Kafka mock side by side, and connects a producer. */
export async function startKafkaHarness(options: HarnessOptions = {}): Promise<KafkaHarness> {
  const [h, mock] = await Promise.all([startHarness(options), startKafkaMock()]);
  const producer = new Kafka({ brokers: [mock.bootstrap], logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
  return {
    h,
    mock,
    producer,
    async close() {
      await producer.disconnect().catch(() => undefined);
      await h.close();
      await mock.stop();
    },
  };
}
