import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { IndexMeta } from '../indices/index-meta';
import type { ClusterNode } from '../node/cluster-node';
import type { SnapshotCatalog, SnapshotIndex, SnapshotMeta, SnapshotRecord } from './snapshot-catalog';

const FLUSH_AT = 1 << 20;

/**
 * Writes every live document of an index (all acknowledged operations, as OpenSearch's snapshot of a
 * flushed commit holds) to `<file>` as NDJSON rows `[shard, seq, id, version, routing, source]`,
 * streaming from SQLite with a bounded buffer.
 */
function writeIndexDocs(node: ClusterNode, meta: IndexMeta, path: string): SnapshotIndex['shards'] {
  const fd = openSync(path, 'w');
  let chunk = '';
  try {
    return meta.shards.map((s, shard) => {
      let docs = 0;
      let bytes = 0;
      for (const row of node.store.iterate({ idx: meta.num, shard, point: s.maxSeq, from: -1, to: s.maxSeq })) {
        const line = `${JSON.stringify([shard, row.seq, row.id, row.version, row.routing, row.source])}\n`;
        chunk += line;
        docs++;
        bytes += 64 + row.id.length + row.source.length;
        if (chunk.length >= FLUSH_AT) {
          writeSync(fd, chunk);
          chunk = '';
        }
      }
      return { maxSeq: s.maxSeq, docs, bytes };
    });
  } finally {
    if (chunk) writeSync(fd, chunk);
    closeSync(fd);
  }
}

/** Takes a snapshot of `metas` into the repository; the catalog lists it only once every file is written. */
export function takeSnapshot(options: {
  node: ClusterNode;
  catalog: SnapshotCatalog;
  name: string;
  metas: IndexMeta[];
  includeGlobalState: boolean;
  metadata?: Record<string, unknown>;
}): SnapshotRecord {
  const { node, catalog, metas } = options;
  const uuid = randomBytes(16).toString('base64url').slice(0, 22);
  const dir = catalog.dir(uuid);
  mkdirSync(dir, { recursive: true });
  const start = Date.now();
  const indices: SnapshotIndex[] = metas.map((m) => {
    const file = `${m.uuid}.ndjson`;
    const shards = writeIndexDocs(node, m, join(dir, file));
    return {
      name: m.name, uuid: m.uuid, created: m.created, state: m.state, settings: structuredClone(m.settings),
      mappings: structuredClone(m.mappings), aliases: structuredClone(m.aliases) as SnapshotIndex['aliases'], shards, file,
    };
  });
  const shardTotal = metas.reduce((n, m) => n + m.shards.length, 0);
  const record: SnapshotRecord = {
    name: options.name, uuid, state: 'SUCCESS', indices: metas.map((m) => m.name), includeGlobalState: options.includeGlobalState,
    metadata: options.metadata, start, end: Date.now(), shards: { total: shardTotal, failed: 0, successful: shardTotal },
  };
  const meta: SnapshotMeta = {
    record, indices, ...(options.includeGlobalState ? { globalState: { persistent: structuredClone(node.clusterSettings.persistent) } } : {}),
  };
  writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta));
  catalog.save([...catalog.list(), record]);
  return record;
}
