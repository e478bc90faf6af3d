import type { FileRoots } from '../files/file-roots';
import { streamDirectory } from '../files/file-settings';
import type { IngestionSource } from '../settings/ingestion-settings';
import type { ShardConsumer } from './consumer';
import { FileShardConsumer } from './file-consumer';
import { KafkaShardConsumer } from './kafka-consumer';
import { KafkaMultiPartitionConsumer } from './kafka-multi-consumer';
import { KinesisShardConsumer } from './kinesis-consumer';
import { MultiPartitionConsumer } from './multi-partition-consumer';
import { filePartitions, kinesisPartitions } from './partition-discovery';

/** What a shard's consumer is built from. */
export interface ShardConsumerOptions {
  source: IngestionSource;
  index: string;
  shard: number;
  /** The index's shard count (for `source_partition_strategy: modulo`). */
  numShards: number;
  node: string;
  /** Where file sources may be (`ingestion.file.roots`). */
  files: FileRoots;
}

/** Builds the consumer of one shard for an index's source type, params and partition strategy. */
export function createShardConsumer(options: ShardConsumerOptions): ShardConsumer {
  if (options.source.partitionStrategy === 'modulo') return createModuloConsumer(options);
  const { source, index, shard } = options;
  const params = source.params;
  switch (source.type) {
    case 'file':
      return new FileShardConsumer({ directory: streamDirectory(options.files, params), shard, roots: options.files });
    case 'kafka':
      return new KafkaShardConsumer({ params, partition: shard, clientId: params['client.id'] ?? `${options.node}-${index}-${shard}`, bufferSize: Math.max(source.maxBatchSize * 5, source.internalQueueSize) });
    case 'kinesis':
      return new KinesisShardConsumer({ params, shard });
  }
}

/** `modulo`: the shard reads every partition p with p % numShards == shard. */
function createModuloConsumer(options: ShardConsumerOptions): ShardConsumer {
  const { source, index, shard, numShards } = options;
  const params = source.params;
  switch (source.type) {
    case 'file': {
      const directory = streamDirectory(options.files, params);
      return new MultiPartitionConsumer({
        partitions: () => filePartitions({ directory, shard, numShards }),
        open: (partition) => new FileShardConsumer({ directory, shard: partition, roots: options.files }),
        describe: (partition, line) => `FileOffset{partition=${partition}, line=${line}}`,
        rediscoverMs: 1000,
      });
    }
    case 'kafka':
      return new KafkaMultiPartitionConsumer({
        params,
        shard,
        numShards,
        clientId: params['client.id'] ?? `${options.node}-${index}-${shard}`,
        bufferSize: Math.max(source.maxBatchSize * 5, source.internalQueueSize),
      });
    case 'kinesis':
      return new MultiPartitionConsumer({
        partitions: () => kinesisPartitions({ params, shard, numShards }),
        open: (partition) => new KinesisShardConsumer({ params, shard: partition }),
        describe: (partition, sequence) => `SequenceNumber{shard=${partition}, sequenceNumber='${sequence}'}`,
      });
  }
}
