import { mkdir, open, readdir, readFile, rename, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { decodeRecord, type Position } from './record';

async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Segment files of one queue directory: `1`, `2`, ... plus a `head` file naming the first unsent byte. */
export class SegmentFiles {
  constructor(readonly dir: string) {}

  path(segment: number): string {
    return join(this.dir, String(segment));
  }

  /** Existing segment numbers, ascending. */
  async list(): Promise<number[]> {
    const created = await mkdir(this.dir, { recursive: true });
    // A new queue directory must survive a crash too: sync the entries of the directories just created.
    if (created) for (let d = this.dir; d.length >= created.length; d = dirname(d)) await syncDir(dirname(d));
    const names = await readdir(this.dir);
    return names.filter((n) => /^\d+$/.test(n)).map(Number).sort((a, b) => a - b);
  }

  async readHead(): Promise<Position | undefined> {
    try {
      const head = JSON.parse(await readFile(join(this.dir, 'head'), 'utf8')) as Position;
      return Number.isInteger(head.segment) && Number.isInteger(head.offset) ? head : undefined;
    } catch {
      return undefined;
    }
  }

  /** Persists the head: temp file, fsync, rename. A crash before the rename re-sends a little (at-least-once). */
  async writeHead(head: Position): Promise<void> {
    const tmp = join(this.dir, 'head.tmp');
    await writeFile(tmp, JSON.stringify(head));
    const fh = await open(tmp, 'r+');
    try {
      await fh.datasync();
    } finally {
      await fh.close();
    }
    await rename(tmp, join(this.dir, 'head'));
  }

  /** Makes a new file's directory entry durable. */
  syncDir(): Promise<void> {
    return syncDir(this.dir);
  }

  async remove(segment: number): Promise<void> {
    await rm(this.path(segment), { force: true });
  }

  async size(segment: number): Promise<number> {
    return (await stat(this.path(segment))).size;
  }

  /**
   * Checks every record of a segment and truncates it at the first torn or corrupt one (a crash
   * mid-append leaves at most the unacknowledged tail broken). Returns the good length.
   */
  async repair(segment: number): Promise<{ size: number; truncated: number }> {
    const buf = await readFile(this.path(segment));
    let offset = 0;
    while (offset < buf.length) {
      const rec = decodeRecord(buf, offset);
      if (typeof rec === 'string') break;
      offset += rec.size;
    }
    if (offset < buf.length) await truncate(this.path(segment), offset);
    return { size: offset, truncated: buf.length - offset };
  }

  /** Reads `length` bytes at `offset` of a segment. */
  async read(segment: number, offset: number, length: number): Promise<Buffer> {
    const fh = await open(this.path(segment), 'r');
    try {
      const buf = Buffer.allocUnsafe(length);
      const { bytesRead } = await fh.read(buf, 0, length, offset);
      return buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  }

  async destroy(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}
