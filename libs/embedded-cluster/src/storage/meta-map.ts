import type { Db } from './database';

/**
 * A name → definition map kept as cluster metadata: in memory, written whole to one `meta` row on each
 * change (stored scripts, search and ingest pipelines: few and small, read on every request that names one).
 */
export class MetaMap<T> {
  private readonly entries: Record<string, T>;

  constructor(
    private readonly db: Db,
    private readonly key: string,
  ) {
    const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    this.entries = row ? (JSON.parse(row.value) as Record<string, T>) : {};
  }

  get(name: string): T | undefined {
    return Object.hasOwn(this.entries, name) ? this.entries[name] : undefined;
  }

  /** How many names are stored. */
  get size(): number {
    return Object.keys(this.entries).length;
  }

  names(): string[] {
    return Object.keys(this.entries).sort();
  }

  put(name: string, value: T): void {
    this.entries[name] = value;
    this.save();
  }

  /** Removes a name; false when it was not there. */
  delete(name: string): boolean {
    if (!Object.hasOwn(this.entries, name)) return false;
    delete this.entries[name];
    this.save();
    return true;
  }

  private save(): void {
    this.db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(this.key, JSON.stringify(this.entries));
  }
}
