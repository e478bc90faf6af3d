import type { Kafka } from 'kafkajs';

/**
 * The few kafkajs internals Ferry's Kafka reader uses, typed and reached in one place.
 *
 * kafkajs has no `assign()`: its only consumer joins a consumer group. A group costs every poller start
 * the broker's initial rebalance delay (3 s by default), leaves a group per shard and start on the
 * user's cluster, and needs Read on arbitrary groups where ACLs are on. OpenSearch's consumer assigns
 * partitions without a group, and so does Ferry's, with the client's own cluster (same brokers, TLS,
 * SASL, retries) sending Fetch requests to each partition's leader. kafkajs 2.2.4 is pinned; the tests
 * against the librdkafka mock fail if these shapes change.
 */

/** One message of a fetched partition, as kafkajs decodes it. */
export interface FetchedMessage {
  offset: string;
  timestamp: string;
  value: Buffer | null;
}

/** One partition of a Fetch response, after kafkajs' filtering (aborted transactions, control records). */
export interface FetchedBatch {
  partition: number;
  highWatermark: string;
  /** Every message the response held, before filtering. */
  rawMessages: unknown[];
  messages: FetchedMessage[];
  /** The offset the next fetch should follow (kafkajs' own rule, compaction included). */
  lastOffset(): string;
}

/** A Fetch request for one topic. */
export interface FetchRequest {
  maxWaitTime: number;
  minBytes: number;
  maxBytes: number;
  isolationLevel: number;
  topics: { topic: string; partitions: { partition: number; fetchOffset: string; maxBytes: number }[] }[];
}

/** kafkajs' `Broker`, for Fetch only. */
export interface FetchBroker {
  fetch(request: FetchRequest): Promise<{ responses: { topicName: string; partitions: { partition: number }[] }[] }>;
}

/** kafkajs' `Cluster`: connections and metadata. */
export interface KafkaCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  addTargetTopic(topic: string): Promise<void>;
  refreshMetadata(): Promise<void>;
  refreshMetadataIfNecessary(): Promise<void>;
  findLeaderForPartitions(topic: string, partitions: number[]): Record<string, number[]>;
  findBroker(options: { nodeId: string }): Promise<FetchBroker>;
}

/** A kafkajs error: retriable unless it says otherwise; offset-out-of-range names its partition. */
export interface KafkaError extends Error {
  retriable?: boolean;
  partition?: number;
}

const BatchClass = require('kafkajs/src/consumer/batch') as new (topic: string, fetchedOffset: string, partitionData: unknown) => FetchedBatch;
export const ISOLATION_LEVEL = require('kafkajs/src/protocol/isolationLevel') as { READ_UNCOMMITTED: number; READ_COMMITTED: number };

/** The messages of one fetched partition that the consumer may see, from `fetchedOffset` on. */
export function fetchedBatch(topic: string, fetchedOffset: string, partitionData: unknown): FetchedBatch {
  return new BatchClass(topic, fetchedOffset, partitionData);
}

/** A cluster built by the client exactly as its own consumers build theirs. */
export function createCluster(kafka: Kafka, options: { isolationLevel: number }): KafkaCluster {
  const key = Object.getOwnPropertySymbols(kafka).find((s) => s.description === 'private:Kafka:createCluster');
  const create = key && (kafka as unknown as Record<symbol, unknown>)[key];
  if (typeof create !== 'function') throw new Error('kafkajs changed: cannot build a cluster for partition assignment');
  return create({ allowAutoTopicCreation: false, isolationLevel: options.isolationLevel, metadataMaxAge: 300_000 }) as KafkaCluster;
}
