import type { IngestionSource } from '../settings/ingestion-settings';
import type { ShardConsumer } from './consumer';
import { FileShardConsumer } from './file-consumer';
import { KafkaShardConsumer } from './kafka-consumer';
import { KinesisShardConsumer } from './kinesis-consumer';

/** Builds the consumer of one shard for an index's source type and params. */
export function createShardConsumer(options: { source: IngestionSource; index: string; shard: number; node: string }): ShardConsumer {
  const { source, index, shard } = options;
  const params = source.params;
  switch (source.type) {
    case 'file':
      return new FileShardConsumer({ baseDirectory: params.base_directory, stream: params.stream, shard });
    case 'kafka':
      return new KafkaShardConsumer({ params, partition: shard, clientId: params['client.id'] ?? `${options.node}-${index}-${shard}`, bufferSize: Math.max(source.maxBatchSize * 5, source.internalQueueSize) });
    case 'kinesis':
      return new KinesisShardConsumer({ params, shard });
  }
}
