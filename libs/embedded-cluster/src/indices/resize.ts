import { AppError } from '@ferry/core';
import { shardForDoc } from '../documents/shard-for-doc';
import { illegalArgument, indexNotFound } from '../http/errors';
import type { ClusterNode } from '../node/cluster-node';
import type { DocRow } from '../storage/doc-store';
import { type AliasSpec, boolSetting, flattenSettings, type IndexMeta, routingNumShards, shardCount } from './index-meta';
import { validateIndexName } from './index-names';

/** The three resize operations: same shard count, fewer (a factor), more (a multiple). */
export type ResizeKind = 'clone' | 'shrink' | 'split';

/** Settings a resized index never takes from its source: its identity and its shard counts. */
const NOT_COPIED = new Set([
  'index.uuid', 'index.creation_date', 'index.provided_name', 'index.version.created', 'index.number_of_shards', 'index.number_of_routing_shards',
  'index.resize.source.name', 'index.resize.source.uuid',
]);

function illegalState(reason: string): AppError {
  return new AppError(400, reason, { type: 'illegal_state_exception' });
}

/** The target's primary count, checked against the source's as OpenSearch's MetadataCreateIndexService checks it. */
function targetShards(kind: ResizeKind, source: IndexMeta, requested: unknown): number {
  const from = shardCount(source);
  const n = requested === undefined ? (kind === 'shrink' ? 1 : kind === 'clone' ? from : NaN) : Number(requested);
  if (kind === 'split' && requested === undefined) throw illegalArgument('index.number_of_shards is required for split operations');
  if (!Number.isInteger(n) || n < 1) throw illegalArgument(`Failed to parse value [${String(requested)}] for setting [index.number_of_shards] must be >= 1`);
  if (kind === 'clone' && n !== from) throw illegalArgument(`the number of target shards (${n}) must be the same as the number of source shards ( ${from})`);
  if (kind === 'shrink' && (n > from || from % n !== 0)) throw illegalArgument(`the number of source shards [${from}] must be a multiple of [${n}]`);
  if (kind === 'split') {
    if (n <= from || n % from !== 0) throw illegalArgument(`the number of source shards [${from}] must be a factor of [${n}]`);
    const routing = routingNumShards(source);
    if (routing % n !== 0) throw illegalState(`the number of routing shards [${routing}] must be a multiple of the target shards [${n}]`);
  }
  return n;
}

/**
 * Clones, shrinks or splits `sourceName` into `targetName`: the source must be open and write-blocked
 * (`index.blocks.write: true`), as OpenSearch requires. The target takes the source's mappings and settings
 * (the write block included, as OpenSearch copies it), the request's settings and aliases over them, and a copy
 * of every live document placed by the target's own routing, versions kept. SQLite has no hard links to Lucene
 * segments, so the copy is a row copy in one transaction: the target appears complete or not at all.
 */
export function resizeIndex(node: ClusterNode, options: { kind: ResizeKind; sourceName: string; targetName: string; body: Record<string, unknown> }): IndexMeta {
  const { kind, body } = options;
  const [source] = node.resolve(options.sourceName, {});
  if (!source) throw indexNotFound(options.sourceName);
  validateIndexName(options.targetName);
  if (source.state !== 'open') throw illegalState(`index ${source.name} must be open to resize it`);
  if (!boolSetting(source, 'index.blocks.write')) {
    throw illegalState(`index ${source.name} must block write operations to resize index. use "index.blocks.write=true"`);
  }
  const requested = flattenSettings(body.settings ?? {});
  const shards = targetShards(kind, source, requested['index.number_of_shards']);
  const inherited = Object.fromEntries(Object.entries(source.settings).filter(([k]) => !NOT_COPIED.has(k)));
  const settings: Record<string, unknown> = {
    ...inherited,
    ...requested,
    'index.number_of_shards': String(shards),
    'index.resize.source.name': source.name,
    'index.resize.source.uuid': source.uuid,
  };
  // A split keeps the source's routing shards, so later splits stay possible (and documents land as there).
  if (kind === 'split' || routingNumShards(source) % shards === 0) settings['index.number_of_routing_shards'] = String(routingNumShards(source));
  if (body.aliases !== undefined && (body.aliases === null || typeof body.aliases !== 'object')) throw illegalArgument('[aliases] must be an object');
  const aliases = (body.aliases ?? {}) as Record<string, AliasSpec>;
  for (const a of Object.keys(aliases)) validateIndexName(a);
  const copy = node.db.transaction(() => {
    const target = node.registry.create({ name: options.targetName, settings, mappings: structuredClone(source.mappings), aliases });
    copyDocuments(node, source, target);
    return target;
  });
  const target = copy();
  node.refresh(target, false);
  return target;
}

function copyDocuments(node: ClusterNode, source: IndexMeta, target: IndexMeta): void {
  const now = Date.now();
  source.shards.forEach((state, shard) => {
    // Read in bounded pages (a page is fully read before the inserts: SQLite cannot write under an open scan).
    let from = -1;
    for (;;) {
      const page = readPage(node, { source, shard, point: state.maxSeq, from });
      if (page.length === 0) break;
      copyPage(node, target, page, now);
      from = page[page.length - 1].seq;
    }
  });
  node.registry.saveShards(target);
}

function readPage(node: ClusterNode, o: { source: IndexMeta; shard: number; point: number; from: number }): DocRow[] {
  return [...node.store.iterate({ idx: o.source.num, shard: o.shard, point: o.point, from: o.from, to: Number.MAX_SAFE_INTEGER, limit: 1000 })];
}

function copyPage(node: ClusterNode, target: IndexMeta, page: DocRow[], now: number): void {
  for (const row of page) {
    const to = shardForDoc(target, row.id, row.routing ?? undefined);
    const t = target.shards[to];
    const seq = t.maxSeq + 1;
    node.store.insert({ idx: target.num, shard: to, seq, id: row.id, version: row.version, routing: row.routing, source: row.source, deleted: false }, now);
    t.maxSeq = seq;
    t.indexTotal++;
    t.bytes += 64 + row.id.length + row.source.length;
  }
}
