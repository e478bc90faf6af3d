import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { wildcardRegex } from '../indices/index-names';
import { VERSION, VERSION_ID } from '../cluster/version';
import { snapshotMissing } from './snapshot-errors';

/** What a repository remembers about one snapshot. */
export interface SnapshotRecord {
  name: string;
  uuid: string;
  state: 'SUCCESS' | 'PARTIAL' | 'FAILED' | 'IN_PROGRESS';
  indices: string[];
  includeGlobalState: boolean;
  metadata?: Record<string, unknown>;
  start: number;
  end: number;
  shards: { total: number; failed: number; successful: number };
}

/** Metadata of one snapshotted index (restored exactly), plus where its documents are. */
export interface SnapshotIndex {
  name: string;
  uuid: string;
  created: number;
  state: 'open' | 'close';
  settings: Record<string, unknown>;
  mappings: Record<string, unknown>;
  aliases: Record<string, Record<string, unknown>>;
  shards: { maxSeq: number; docs: number; bytes: number }[];
  file: string;
}

/** A snapshot's own metadata file. */
export interface SnapshotMeta {
  record: SnapshotRecord;
  indices: SnapshotIndex[];
  globalState?: { persistent: Record<string, unknown> };
}

/** The repository's catalog (`index.json`): the list of snapshots, replaced atomically on every change. */
export class SnapshotCatalog {
  constructor(
    readonly location: string,
    readonly repo: string,
  ) {}

  list(): SnapshotRecord[] {
    const file = join(this.location, 'index.json');
    if (!existsSync(file)) return [];
    return (JSON.parse(readFileSync(file, 'utf8')) as { snapshots: SnapshotRecord[] }).snapshots;
  }

  save(records: SnapshotRecord[]): void {
    mkdirSync(this.location, { recursive: true });
    const file = join(this.location, 'index.json');
    writeFileSync(`${file}.tmp`, JSON.stringify({ snapshots: records }));
    renameSync(`${file}.tmp`, file);
  }

  /** The folder of one snapshot's files. */
  dir(uuid: string): string {
    return join(this.location, `snap-${uuid}`);
  }

  /** Snapshots matching `_all`, names and `*` patterns, in start order; a missing exact name is a 404 unless ignored. */
  select(expr: string, ignoreUnavailable = false): SnapshotRecord[] {
    const all = this.list();
    if (expr === '_all' || expr === '*') return all;
    if (expr === '_current') return all.filter((s) => s.state === 'IN_PROGRESS');
    const out: SnapshotRecord[] = [];
    for (const part of expr.split(',')) {
      const hits = part.includes('*') ? all.filter((s) => wildcardRegex(part).test(s.name)) : all.filter((s) => s.name === part);
      if (hits.length === 0 && !part.includes('*') && !ignoreUnavailable) throw snapshotMissing(this.repo, part);
      for (const h of hits) if (!out.includes(h)) out.push(h);
    }
    return out.sort((a, b) => a.start - b.start);
  }

  readMeta(record: SnapshotRecord): SnapshotMeta {
    return JSON.parse(readFileSync(join(this.dir(record.uuid), 'meta.json'), 'utf8')) as SnapshotMeta;
  }
}

/** `SnapshotInfo` as `GET _snapshot/<repo>/<snap>` and `wait_for_completion=true` render it. */
export function snapshotInfo(r: SnapshotRecord, verbose = true): Record<string, unknown> {
  if (!verbose) return { snapshot: r.name, uuid: r.uuid, indices: r.indices, data_streams: [], state: r.state };
  return {
    snapshot: r.name,
    uuid: r.uuid,
    version_id: Number(VERSION_ID),
    version: VERSION.number,
    remote_store_index_shallow_copy: false,
    indices: r.indices,
    data_streams: [],
    include_global_state: r.includeGlobalState,
    ...(r.metadata ? { metadata: r.metadata } : {}),
    state: r.state,
    start_time: new Date(r.start).toISOString(),
    start_time_in_millis: r.start,
    end_time: new Date(r.end).toISOString(),
    end_time_in_millis: r.end,
    duration_in_millis: r.end - r.start,
    failures: [],
    shards: r.shards,
  };
}
