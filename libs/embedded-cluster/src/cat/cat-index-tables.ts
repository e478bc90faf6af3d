import { indexHealth } from '../cluster/health';
import { VERSION } from '../cluster/version';
import { type IndexMeta, replicaCount } from '../indices/index-meta';
import type { ClusterNode } from '../node/cluster-node';
import { NODE_IP } from '../nodes/node-identity';
import { addSections, shardSections, type StatsSections } from '../stats/shard-stats';
import type { CatColumn, CatRow } from './cat-table';
import type { WildcardMatcher } from '../indices/wildcard';

type Num = (s: StatsSections, section: string, key: string) => number;
const num: Num = (s, section, key) => Number(s[section]?.[key] ?? 0);

function sumOf(node: ClusterNode, meta: IndexMeta): StatsSections {
  let sum: StatsSections = {};
  meta.shards.forEach((_, i) => (sum = addSections(sum, structuredClone(shardSections(node, meta, i)))));
  return sum;
}

/** Per-operation counters shared by `_cat/indices` and `_cat/shards` (non-default columns). */
const OP_COLUMNS: [string, string, string, CatColumn['kind']][] = [
  ['indexing.index_total', 'indexing', 'index_total', 'number'],
  ['indexing.delete_total', 'indexing', 'delete_total', 'number'],
  ['search.query_total', 'search', 'query_total', 'number'],
  ['get.total', 'get', 'total', 'number'],
  ['refresh.total', 'refresh', 'total', 'number'],
  ['flush.total', 'flush', 'total', 'number'],
];

/** `_cat/indices` columns (defaults as OpenSearch 2.x prints them). */
export const INDICES_COLUMNS: CatColumn[] = [
  { name: 'health', aliases: ['h'], desc: 'current health status' },
  { name: 'status', aliases: ['s'], desc: 'open/close status' },
  { name: 'index', aliases: ['i', 'idx'], desc: 'index name' },
  { name: 'uuid', aliases: ['id', 'uuid'], desc: 'index uuid' },
  { name: 'pri', aliases: ['p', 'shards.primary', 'shardsPrimary'], desc: 'number of primary shards', kind: 'number' },
  { name: 'rep', aliases: ['r', 'shards.replica', 'shardsReplica'], desc: 'number of replica shards', kind: 'number' },
  { name: 'docs.count', aliases: ['dc', 'docsCount'], desc: 'available docs', kind: 'number' },
  { name: 'docs.deleted', aliases: ['dd', 'docsDeleted'], desc: 'deleted docs', kind: 'number' },
  { name: 'creation.date', aliases: ['cd'], desc: 'index creation date (millisecond value)', default: false, kind: 'number' },
  { name: 'creation.date.string', aliases: ['cds'], desc: 'index creation date (as string)', default: false },
  { name: 'store.size', aliases: ['ss', 'storeSize'], desc: 'store size of primaries & replicas', kind: 'bytes' },
  { name: 'pri.store.size', desc: 'store size of primaries', kind: 'bytes' },
  ...OP_COLUMNS.map(([name, , , kind]) => ({ name, desc: `${name.replace('.', ' ')}`, default: false, kind })),
];

/** Rows of `_cat/indices`; a closed index has no figures, as in OpenSearch. */
export function indicesRows(node: ClusterNode, metas: IndexMeta[], q: URLSearchParams): CatRow[] {
  const wanted = q.get('health');
  const rows = metas.map((m) => {
    const open = m.state === 'open';
    const s = open ? sumOf(node, m) : {};
    const row: CatRow = {
      health: indexHealth(m),
      status: m.state,
      index: m.name,
      uuid: m.uuid,
      pri: m.shards.length,
      rep: replicaCount(m),
      'docs.count': open ? num(s, 'docs', 'count') : null,
      'docs.deleted': open ? num(s, 'docs', 'deleted') : null,
      'creation.date': m.created,
      'creation.date.string': new Date(m.created).toISOString(),
      // Replicas are never assigned on one node, so the total store is the primaries' store.
      'store.size': open ? num(s, 'store', 'size_in_bytes') : null,
      'pri.store.size': open ? num(s, 'store', 'size_in_bytes') : null,
    };
    for (const [name, section, key] of OP_COLUMNS) row[name] = open ? num(s, section, key) : null;
    return row;
  });
  return wanted ? rows.filter((r) => r.health === wanted) : rows;
}

/** `_cat/shards` columns. */
export const SHARDS_COLUMNS: CatColumn[] = [
  { name: 'index', aliases: ['i', 'idx'], desc: 'index name' },
  { name: 'shard', aliases: ['s', 'sh'], desc: 'shard name', kind: 'number' },
  { name: 'prirep', aliases: ['p', 'pr', 'primaryOrReplica'], desc: 'primary or replica' },
  { name: 'state', aliases: ['st'], desc: 'shard state' },
  { name: 'docs', aliases: ['d', 'dc'], desc: 'number of docs in shard', kind: 'number' },
  { name: 'store', aliases: ['sto'], desc: 'store size of shard (how much disk it uses)', kind: 'bytes' },
  { name: 'ip', desc: 'ip of node where it lives' },
  { name: 'id', desc: 'unique id of node where it lives', default: false },
  { name: 'node', aliases: ['n'], desc: 'name of node where it lives' },
  { name: 'unassigned.reason', aliases: ['ur'], desc: 'reason shard is unassigned', default: false },
  { name: 'docs.deleted', aliases: ['dd'], desc: 'number of deleted docs in shard', default: false, kind: 'number' },
  { name: 'seq_no.max', aliases: ['sqm', 'maxSeqNo'], desc: 'max sequence number', default: false, kind: 'number' },
  { name: 'seq_no.local_checkpoint', aliases: ['sql', 'localCheckpoint'], desc: 'local checkpoint', default: false, kind: 'number' },
  { name: 'seq_no.global_checkpoint', aliases: ['sqg', 'globalCheckpoint'], desc: 'global checkpoint', default: false, kind: 'number' },
  ...OP_COLUMNS.map(([name, , , kind]) => ({ name, desc: `${name.replace('.', ' ')}`, default: false, kind })),
];

/** Rows of `_cat/shards`: every primary STARTED on the node, every replica UNASSIGNED. */
export function shardsRows(node: ClusterNode, metas: IndexMeta[]): CatRow[] {
  const rows: CatRow[] = [];
  for (const m of metas) {
    m.shards.forEach((st, shard) => {
      const open = m.state === 'open';
      const s = open ? shardSections(node, m, shard) : {};
      const primary: CatRow = {
        index: m.name, shard, prirep: 'p', state: 'STARTED',
        docs: open ? num(s, 'docs', 'count') : null, store: open ? num(s, 'store', 'size_in_bytes') : null,
        ip: NODE_IP, id: node.nodeId, node: node.clusterName, 'unassigned.reason': null,
        'docs.deleted': open ? num(s, 'docs', 'deleted') : null,
        'seq_no.max': st.maxSeq, 'seq_no.local_checkpoint': st.maxSeq, 'seq_no.global_checkpoint': st.maxSeq,
      };
      for (const [name, section, key] of OP_COLUMNS) primary[name] = open ? num(s, section, key) : null;
      rows.push(primary);
      for (let r = 0; r < replicaCount(m); r++) {
        rows.push({ index: m.name, shard, prirep: 'r', state: 'UNASSIGNED', 'unassigned.reason': 'INDEX_CREATED' });
      }
    });
  }
  return rows;
}

/** `_cat/segments` columns. */
export const SEGMENTS_COLUMNS: CatColumn[] = [
  { name: 'index', aliases: ['i', 'idx'], desc: 'index name' },
  { name: 'shard', aliases: ['s', 'sh'], desc: 'shard name', kind: 'number' },
  { name: 'prirep', aliases: ['p', 'pr', 'primaryOrReplica'], desc: 'primary or replica' },
  { name: 'ip', desc: 'ip of node where it lives' },
  { name: 'id', desc: 'unique id of node where it lives', default: false },
  { name: 'segment', aliases: ['seg'], desc: 'segment name' },
  { name: 'generation', aliases: ['g', 'gen'], desc: 'segment generation', kind: 'number' },
  { name: 'docs.count', aliases: ['dc', 'docsCount'], desc: 'number of docs in segment', kind: 'number' },
  { name: 'docs.deleted', aliases: ['dd', 'docsDeleted'], desc: 'number of deleted docs in segment', kind: 'number' },
  { name: 'size', aliases: ['si'], desc: 'segment size in bytes', kind: 'bytes' },
  { name: 'size.memory', aliases: ['sm', 'sizeMemory'], desc: 'segment memory in bytes', kind: 'bytes' },
  { name: 'committed', aliases: ['ic', 'isCommitted'], desc: 'is segment committed' },
  { name: 'searchable', aliases: ['is', 'isSearchable'], desc: 'is segment searched' },
  { name: 'version', aliases: ['v', 'ver'], desc: 'version' },
  { name: 'compound', aliases: ['ico', 'isCompound'], desc: 'is segment compound' },
];

/** One segment per non-empty shard: the SQLite table slice is the shard's single "segment". */
export function segmentsRows(node: ClusterNode, metas: IndexMeta[]): CatRow[] {
  const rows: CatRow[] = [];
  for (const m of metas.filter((x) => x.state === 'open')) {
    m.shards.forEach((st, shard) => {
      const s = shardSections(node, m, shard);
      if (st.maxSeq < 0) return;
      rows.push({
        index: m.name, shard, prirep: 'p', ip: NODE_IP, id: node.nodeId, segment: '_0', generation: 0,
        'docs.count': num(s, 'docs', 'count'), 'docs.deleted': num(s, 'docs', 'deleted'),
        size: num(s, 'store', 'size_in_bytes'), 'size.memory': 0, committed: 'true', searchable: 'true', version: VERSION.lucene_version, compound: 'true',
      });
    });
  }
  return rows;
}

/** `_cat/aliases` columns. */
export const ALIASES_COLUMNS: CatColumn[] = [
  { name: 'alias', aliases: ['a'], desc: 'alias name' },
  { name: 'index', aliases: ['i', 'idx'], desc: 'index alias points to' },
  { name: 'filter', aliases: ['f', 'fi'], desc: 'filter' },
  { name: 'routing.index', aliases: ['ri', 'routingIndex'], desc: 'index routing' },
  { name: 'routing.search', aliases: ['rs', 'routingSearch'], desc: 'search routing' },
  { name: 'is_write_index', aliases: ['w', 'isWriteIndex'], desc: 'write index' },
];

/** Rows of `_cat/aliases`, optionally only aliases matching `names`. */
export function aliasesRows(metas: IndexMeta[], names?: WildcardMatcher[]): CatRow[] {
  const rows: CatRow[] = [];
  for (const m of metas) {
    for (const [alias, spec] of Object.entries(m.aliases)) {
      if (names && !names.some((re) => re.test(alias))) continue;
      rows.push({
        alias,
        index: m.name,
        filter: spec.filter ? '*' : '-',
        'routing.index': spec.index_routing ?? (spec as { routing?: string }).routing ?? '-',
        'routing.search': spec.search_routing ?? (spec as { routing?: string }).routing ?? '-',
        is_write_index: spec.is_write_index === undefined ? '-' : String(spec.is_write_index),
      });
    }
  }
  return rows.sort((a, b) => (String(a.alias) < String(b.alias) ? -1 : String(a.alias) > String(b.alias) ? 1 : 0));
}
