import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { IngestionSource } from '../settings/ingestion-settings';

/** A dropped message with why it was dropped. */
export interface DeadLetterEntry {
  index: string;
  shard: number;
  /** The pointer's display form, e.g. `KafkaOffset{offset=3}`. */
  pointer: string;
  /** `polling`: could not be decoded; `processing`: could not be written. */
  stage: 'polling' | 'processing';
  error: string;
  /** The raw message as UTF-8 text. */
  payload: string;
  /** When it was dropped (ms since the epoch). */
  dropped_at: number;
}

/** Minimal client surface for the `index` destination. */
export interface DeadLetterClient {
  index(params: { index: string; body: DeadLetterEntry }): Promise<unknown>;
}

/** Writes dropped messages to the destination chosen by `dead_letter.*` (read live, so it is dynamic). */
export type DeadLetterWriter = (destination: IngestionSource['deadLetter'], entry: DeadLetterEntry) => Promise<void>;

/** Appends NDJSON lines to a file, or indexes one document per entry. */
export function deadLetterWriter(client: () => Promise<DeadLetterClient>): DeadLetterWriter {
  return async (destination, entry) => {
    if (destination.type === 'file') {
      await mkdir(dirname(destination.path), { recursive: true });
      await appendFile(destination.path, `${JSON.stringify(entry)}\n`);
    } else if (destination.type === 'index') {
      await (await client()).index({ index: destination.index, body: entry });
    }
  };
}
