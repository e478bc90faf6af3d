import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileRoots } from '../files/file-roots';
import type { ShardConsumer, ShardPointer, SourceRecord, StartPosition } from './consumer';

/** OpenSearch's `FileOffset` pointer: a 0-based line number. */
export function fileOffset(line: number): ShardPointer {
  return { value: String(line), display: `FileOffset{line=${line}}` };
}

/** Options of {@link FileShardConsumer}. */
export interface FileShardConsumerOptions {
  /** The stream's directory (`<base_directory>/<stream>`), already checked against the roots. */
  directory: string;
  shard: number;
  /** When given, each open re-checks that the file (a symlink made since?) is inside them. */
  roots?: FileRoots;
}

const CHUNK = 1 << 20;

/**
 * Tails `<base_directory>/<stream>/<shard>.ndjson` like OpenSearch's ingestion-fs: one message per
 * line, pointer = line number, appended lines are picked up on the next read. Unlike ingestion-fs it
 * remembers the byte offset of the next line, so reads do not re-scan the file from the top.
 */
export class FileShardConsumer implements ShardConsumer {
  private readonly path: string;
  /** Next line to return and where it starts in the file. */
  private line = 0;
  private byte = 0;

  constructor(private readonly options: FileShardConsumerOptions) {
    this.path = join(options.directory, `${options.shard}.ndjson`);
  }

  /** The file's path to open, after the roots check; it throws when the file leads out of the roots. */
  private async checkedPath(): Promise<string> {
    return this.options.roots ? this.options.roots.checkOpen(this.path, `the file of partition ${this.options.shard}`) : this.path;
  }

  /** Opens the file for reading, or undefined while it does not exist. */
  private async openFile() {
    const path = await this.checkedPath();
    // The checked path has no symlinks; one swapped in at its end since is not followed.
    return open(path, constants.O_RDONLY | (this.options.roots ? constants.O_NOFOLLOW : 0)).catch(() => undefined);
  }

  async seek(start: StartPosition): Promise<void> {
    const target = Number(start.pointer.value) + (start.inclusive ? 0 : 1);
    if (target < this.line) {
      this.line = 0;
      this.byte = 0;
    }
    while (this.line < target) {
      const skipped = await this.readLines(target - this.line);
      if (skipped.length === 0) break;
    }
    // Past the end of the file: wait there for the lines to be written.
    this.line = Math.max(this.line, target);
  }

  async readNext(max: number): Promise<SourceRecord[]> {
    const now = Date.now();
    const first = this.line;
    const lines = await this.readLines(Math.max(1, max));
    return lines.map((payload, i) => ({ pointer: fileOffset(first + i), payload, timestamp: now }));
  }

  /** Complete lines from the current position (a trailing line without `\n` is still being written). */
  private async readLines(max: number): Promise<Buffer[]> {
    const handle = await this.openFile();
    if (!handle) return [];
    try {
      const out: Buffer[] = [];
      let pending = Buffer.alloc(0);
      while (out.length < max) {
        const chunk = Buffer.alloc(CHUNK);
        const { bytesRead } = await handle.read(chunk, 0, CHUNK, this.byte + pending.length);
        if (bytesRead === 0) break;
        let data = Buffer.concat([pending, chunk.subarray(0, bytesRead)]);
        let nl: number;
        while (out.length < max && (nl = data.indexOf(10)) >= 0) {
          out.push(data.subarray(0, nl));
          this.byte += nl + 1;
          this.line++;
          data = data.subarray(nl + 1);
        }
        pending = data;
        if (bytesRead < CHUNK) break;
      }
      return out;
    } finally {
      await handle.close();
    }
  }

  async earliestPointer(): Promise<ShardPointer> {
    return fileOffset(0);
  }

  async latestPointer(): Promise<ShardPointer> {
    return fileOffset(await this.countLines());
  }

  private async countLines(): Promise<number> {
    const handle = await this.openFile();
    if (!handle) return 0;
    try {
      let count = 0;
      const chunk = Buffer.alloc(CHUNK);
      for (let pos = 0; ; ) {
        const { bytesRead } = await handle.read(chunk, 0, CHUNK, pos);
        if (bytesRead === 0) return count;
        for (let i = 0; i < bytesRead; i++) if (chunk[i] === 10) count++;
        pos += bytesRead;
      }
    } finally {
      await handle.close();
    }
  }

  async pointerFromOffset(value: string): Promise<ShardPointer> {
    if (!/^\d+$/.test(value.trim())) throw new Error(`Invalid file line offset [${value}]`);
    return fileOffset(Number(value.trim()));
  }

  /** ingestion-fs cannot seek by time: a timestamp reset starts from the first line. */
  async pointerFromTimestamp(): Promise<ShardPointer> {
    return fileOffset(0);
  }

  async pointerLag(): Promise<number> {
    const size = await stat(await this.checkedPath()).then((s) => s.size).catch(() => 0);
    if (size <= this.byte) return 0;
    return Math.max(0, (await this.countLines()) - this.line);
  }

  async close(): Promise<void> {
    // Nothing is held open between reads.
  }
}
