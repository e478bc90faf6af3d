import { constants } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { FileRoots } from '../files/file-roots';
import { PREFIX } from '../settings/flatten';
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

/**
 * Appends an NDJSON line to a file inside the roots: the path is checked (symlinks followed) at each
 * write, and a symlink swapped in at its end since is not followed.
 */
async function appendLine(files: FileRoots, path: string, line: string): Promise<void> {
  const real = files.resolve(path, `${PREFIX}dead_letter.path`);
  await mkdir(dirname(real), { recursive: true });
  const handle = await open(real, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW, 0o600);
  try {
    await handle.appendFile(line);
  } finally {
    await handle.close();
  }
}

/** Appends NDJSON lines to a file (inside `files`' roots), or indexes one document per entry. */
export function deadLetterWriter(client: () => Promise<DeadLetterClient>, files: FileRoots): DeadLetterWriter {
  return async (destination, entry) => {
    if (destination.type === 'file') {
      await appendLine(files, destination.path, `${JSON.stringify(entry)}\n`);
    } else if (destination.type === 'index') {
      await (await client()).index({ index: destination.index, body: entry });
    }
  };
}
