import { boolSetting, type IndexMeta } from '../indices/index-meta';
import { resolveOptionsOf } from '../indices/resolve';
import { illegalArgument, indexBlocked } from '../http/errors';
import type { ClusterNode } from '../node/cluster-node';
import type { ShardTarget } from './search-service';

/** Parses `preference=_shards:0,2|_primary` into a shard set (other preferences don't change a single node's answer). */
export function preferredShards(preference: string | null): Set<number> | undefined {
  if (!preference || !preference.startsWith('_shards:')) return undefined;
  const list = preference.slice('_shards:'.length).split('|')[0];
  const shards = list.split(',').map((s) => Number(s.trim()));
  if (shards.some((n) => !Number.isInteger(n) || n < 0)) throw illegalArgument(`no Preference for [${preference}]`);
  return new Set(shards);
}

/** The shards a search over `expression` reads, at each shard's refresh point. */
export function searchTargets(node: ClusterNode, expression: string | undefined, q: URLSearchParams): ShardTarget[] {
  const metas = node.resolve(expression, resolveOptionsOf(q, { forbidClosed: true, allowNoIndices: true }));
  const targets = shardsOf(metas.filter((m) => m.state === 'open'), preferredShards(q.get('preference')));
  return withAliasFilters(targets, expression);
}

/** Searching through a filtered alias (and not also the index itself) applies the alias filter. */
function withAliasFilters(targets: ShardTarget[], expression: string | undefined): ShardTarget[] {
  const parts = new Set((expression ?? '').split(',').map((p) => p.trim()));
  return targets.map((t) => {
    if (parts.has(t.meta.name)) return t;
    const filters = Object.entries(t.meta.aliases).filter(([a]) => parts.has(a)).map(([, spec]) => spec.filter);
    if (filters.length === 0 || filters.some((f) => f === undefined)) return t;
    return { ...t, filter: filters.length === 1 ? filters[0] : { bool: { should: filters } } };
  });
}

/** Expands indices into shard targets, honouring a `_shards:` preference and read blocks. */
export function shardsOf(metas: IndexMeta[], only?: Set<number>): ShardTarget[] {
  const out: ShardTarget[] = [];
  for (const meta of [...metas].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (boolSetting(meta, 'index.blocks.read')) throw indexBlocked({ name: meta.name, block: 'read' });
    meta.shards.forEach((s, shard) => {
      if (!only || only.has(shard)) out.push({ meta, shard, point: s.refreshed });
    });
  }
  return out;
}
