import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { illegalArgument } from '../http/errors';
import { wildcardRegex } from '../indices/index-names';
import type { IndexMeta } from '../indices/index-meta';
import type { ClusterNode } from '../node/cluster-node';
import type { SnapshotCatalog, SnapshotIndex, SnapshotRecord } from './snapshot-catalog';
import { restoreError } from './snapshot-errors';

/** The options of `POST _snapshot/<repo>/<snap>/_restore`. */
export interface RestoreRequest {
  indices?: string | string[];
  rename_pattern?: string;
  rename_replacement?: string;
  include_aliases?: boolean;
  include_global_state?: boolean;
  index_settings?: Record<string, unknown>;
  ignore_index_settings?: string | string[];
  ignore_unavailable?: boolean;
}

/** Settings a restore may not change: documents sit in the snapshot's shards. */
const UNMODIFIABLE = ['index.number_of_shards', 'index.number_of_routing_shards', 'index.routing_partition_size', 'index.uuid', 'index.creation_date', 'index.version.created'];

/** Calls `onLine` for each line of a file, reading 1 MiB at a time (bounded memory, synchronous). */
function eachLine(path: string, onLine: (line: string) => void): void {
  const fd = openSync(path, 'r');
  const buf = Buffer.alloc(1 << 20);
  let rest = '';
  try {
    for (let n = readSync(fd, buf); n > 0; n = readSync(fd, buf)) {
      const text = rest + buf.toString('utf8', 0, n);
      const lines = text.split('\n');
      rest = lines.pop() ?? '';
      for (const l of lines) if (l) onLine(l);
    }
    if (rest) onLine(rest);
  } finally {
    closeSync(fd);
  }
}

/** A string or an array of strings, as RestoreSnapshotRequest reads `indices` and `ignore_index_settings`. */
function list(v: unknown, section = 'indices'): string[] | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' && !(Array.isArray(v) && v.every((s) => typeof s === 'string'))) {
    throw illegalArgument(`malformed ${section} section, should be an array of strings`);
  }
  return (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean);
}

function chosen(record: SnapshotRecord, all: SnapshotIndex[], req: RestoreRequest): SnapshotIndex[] {
  const wanted = list(req.indices);
  if (!wanted || wanted.includes('_all')) return all;
  const out: SnapshotIndex[] = [];
  for (const w of wanted) {
    if (w.startsWith('-')) {
      const re = wildcardRegex(w.slice(1));
      out.splice(0, out.length, ...out.filter((i) => !re.test(i.name)));
      continue;
    }
    const hits = all.filter((i) => (w.includes('*') ? wildcardRegex(w).test(i.name) : i.name === w));
    if (hits.length === 0 && !w.includes('*') && !req.ignore_unavailable) throw restoreError(`${record.name}`, `snapshot does not contain index [${w}]`);
    for (const h of hits) if (!out.includes(h)) out.push(h);
  }
  return out;
}

function targetName(name: string, req: RestoreRequest): string {
  if (!req.rename_pattern) return name;
  let re: RegExp;
  try {
    re = new RegExp(req.rename_pattern, 'g');
  } catch (err) {
    throw illegalArgument(`invalid rename_pattern [${req.rename_pattern}]: ${(err as Error).message}`);
  }
  return name.replace(re, req.rename_replacement ?? '');
}

function restoredSettings(source: SnapshotIndex, req: RestoreRequest): Record<string, unknown> {
  const settings = { ...source.settings };
  for (const key of list(req.ignore_index_settings, 'ignore_index_settings') ?? []) {
    const k = key.startsWith('index.') ? key : `index.${key}`;
    for (const s of Object.keys(settings)) if (s === k || (k.endsWith('*') && wildcardRegex(k).test(s))) delete settings[s];
  }
  const flat: Record<string, unknown> = {};
  const walk = (v: unknown, p: string) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) walk(x, p ? `${p}.${k}` : k);
    else flat[p.startsWith('index.') ? p : `index.${p}`] = v === null ? null : String(v);
  };
  if (req.index_settings !== undefined && (req.index_settings === null || typeof req.index_settings !== 'object' || Array.isArray(req.index_settings))) {
    throw illegalArgument('malformed index_settings section, should be an object');
  }
  walk(req.index_settings ?? {}, '');
  for (const k of UNMODIFIABLE) if (k in flat) throw restoreError(source.name, `cannot modify setting [${k}] on restore`);
  for (const k of list(req.ignore_index_settings, 'ignore_index_settings') ?? []) {
    if (UNMODIFIABLE.includes(k.startsWith('index.') ? k : `index.${k}`)) throw restoreError(source.name, `cannot remove setting [${k}] on restore`);
  }
  return { ...settings, ...flat };
}

/** Creates one restored index and loads its documents with their ids, versions, seq_nos and routing. */
function restoreIndex(options: { node: ClusterNode; dir: string; source: SnapshotIndex; target: string; req: RestoreRequest }): IndexMeta {
  const { node, source, target, req } = options;
  const settings = restoredSettings(source, req);
  const aliases = req.include_aliases === false ? {} : structuredClone(source.aliases);
  const meta = node.registry.create({ name: target, settings, mappings: structuredClone(source.mappings), aliases });
  try {
    // The restored index keeps every setting of the snapshot (creation date included); only its uuid and name are its own.
    meta.settings = { ...settings, 'index.uuid': meta.uuid, 'index.provided_name': target };
    meta.created = source.created;
    meta.state = source.state;
    node.db.transaction(() => {
      node.registry.save(meta);
      node.db.prepare('UPDATE indices SET created = ? WHERE num = ?').run(source.created, meta.num);
      const now = Date.now();
      eachLine(join(options.dir, source.file), (line) => {
        const [shard, seq, id, version, routing, src] = JSON.parse(line) as [number, number, string, number, string | null, string];
        node.store.insert({ idx: meta.num, shard, seq, id, version, routing, source: src, deleted: false }, now);
      });
      source.shards.forEach((s, i) => {
        const st = meta.shards[i];
        st.maxSeq = s.maxSeq;
        st.refreshed = s.maxSeq;
        st.bytes = s.bytes;
      });
      node.registry.saveShards(meta);
    })();
  } catch (err) {
    node.registry.delete(target);
    throw err;
  }
  return meta;
}

/** Restores indices (renamed as asked) from a snapshot; an open index of the same name is refused, a closed one replaced. */
export function restoreSnapshot(options: { node: ClusterNode; catalog: SnapshotCatalog; record: SnapshotRecord; req: RestoreRequest }): Record<string, unknown> {
  const { node, catalog, record, req } = options;
  const meta = catalog.readMeta(record);
  const sources = chosen(record, meta.indices, req);
  const plan = sources.map((source) => ({ source, target: targetName(source.name, req) }));
  const where = `${catalog.repo}:${record.name}/${record.uuid}`;
  const targets = new Set<string>();
  for (const { target } of plan) {
    if (targets.has(target)) throw restoreError(where, `indices [${plan.filter((p) => p.target === target).map((p) => p.source.name).join(',')}] and [${target}] are renamed into the same index [${target}]`);
    targets.add(target);
    const existing = node.registry.get(target);
    if (existing && existing.state === 'open') {
      throw restoreError(
        where,
        `cannot restore index [${target}] because an open index with same name already exists in the cluster. Either close or delete the existing index or restore the index under a different name by providing a rename pattern and replacement name`,
      );
    }
  }
  for (const { target } of plan) if (node.registry.get(target)) node.registry.delete(target);
  const dir = catalog.dir(record.uuid);
  let shards = 0;
  for (const { source, target } of plan) {
    restoreIndex({ node, dir, source, target, req });
    shards += source.shards.length;
  }
  if (req.include_global_state === true && meta.globalState) {
    Object.assign(node.clusterSettings.persistent, meta.globalState.persistent);
    node.saveClusterSettings();
  }
  return { snapshot: record.name, indices: plan.map((p) => p.target), shards: { total: shards, failed: 0, successful: shards } };
}
