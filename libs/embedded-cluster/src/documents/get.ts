import { boolSetting } from '../indices/index-meta';
import { indexBlocked, indexClosed } from '../http/errors';
import { json, type Reply } from '../http/respond';
import type { ClusterNode } from '../node/cluster-node';
import { filterSource, parseSourceFilter, type SourceFilter, isIdentity } from '../search/source-filter';
import { shardForDoc } from './shard-for-doc';

/** Realtime GET (the newest version, refreshed or not); `realtime=false` reads at the refresh point. */
export function getDocument(node: ClusterNode, options: { index: string; id: string; query: URLSearchParams; filter?: SourceFilter }): Reply {
  const [meta] = node.resolve(options.index, {});
  if (!meta) return json({ _index: options.index, _id: options.id, found: false }, 404);
  if (meta.state === 'close') throw indexClosed(meta.name, meta.uuid);
  if (boolSetting(meta, 'index.blocks.read')) throw indexBlocked({ name: meta.name, block: 'read' });
  const routing = options.query.get('routing') ?? undefined;
  const shard = shardForDoc(meta, options.id, routing);
  const state = meta.shards[shard];
  state.getTotal++;
  const realtime = options.query.get('realtime') !== 'false';
  const row = realtime
    ? node.store.latest(meta.num, shard, options.id)
    : node.store.visibleById({ idx: meta.num, shard, id: options.id, point: state.refreshed });
  if (!row || ('deleted' in row && row.deleted === 1) || row.source === null) {
    return json({ _index: meta.name, _id: options.id, found: false }, 404);
  }
  const filter = options.filter ?? parseSourceFilter(undefined, options.query);
  const head: Record<string, unknown> = {
    _index: meta.name,
    _id: options.id,
    _version: row.version,
    _seq_no: row.seq,
    _primary_term: row.term,
    found: true,
  };
  if (row.routing !== null) head._routing = row.routing;
  let text = JSON.stringify(head).slice(0, -1);
  if (filter.enabled) text += `,"_source":${isIdentity(filter) ? row.source : JSON.stringify(filterSource(JSON.parse(row.source), filter))}`;
  return { status: 200, body: `${text}}` };
}
