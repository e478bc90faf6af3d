export { pullIngestionPlugin } from './plugin';
export { ingestionConfigSchema } from './config';
export type { IngestionConfig } from './config';
export { INGESTION_TOKENS } from './tokens';
export type { IngestionService } from './engine/ingestion-service';
export type { ShardIngestionExtras, ShardIngestionState, UpdateStateResponse } from './engine/ingestion-api';
export type { ShardConsumer, ShardPointer, SourceRecord, StartPosition } from './sources/consumer';
export type { DeadLetterEntry } from './poller/dead-letter';
export type { PollerState } from './poller/shard-poller';
