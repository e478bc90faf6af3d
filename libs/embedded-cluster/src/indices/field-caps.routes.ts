import type { Request } from '../http/request';
import { json, type Reply } from '../http/respond';
import type { Router } from '../http/router';
import type { ClusterNode } from '../node/cluster-node';
import { leaves } from './field-mapping.routes';
import { wildcardRegex } from './index-names';
import { resolveOptionsOf } from './resolve';

/** Types that cannot be aggregated on without fielddata (`text`), and object containers. */
const NOT_AGGREGATABLE = new Set(['text', 'object', 'nested']);

/**
 * `_field_caps`: per field and type, whether it is searchable and aggregatable and, when indices disagree,
 * which indices have it. Metadata fields are listed as OpenSearch lists them for every index.
 */
function fieldCaps(node: ClusterNode, req: Request, expr?: string): Reply {
  const metas = node.resolve(expr, resolveOptionsOf(req.query, { expandWildcards: 'open', allowNoIndices: true }));
  const patterns = (req.query.get('fields') ?? '*').split(',').map((f) => wildcardRegex(f.trim()));
  const byField = new Map<string, Map<string, string[]>>();
  for (const meta of metas) {
    const fields = new Map<string, string>([['_id', '_id'], ['_index', '_index'], ['_source', '_source'], ['_seq_no', '_seq_no']]);
    for (const [full, [, def]] of leaves(meta.mappings.properties)) fields.set(full, def.type ?? 'object');
    for (const [name, type] of fields) {
      if (!patterns.some((re) => re.test(name))) continue;
      const types = byField.get(name) ?? new Map<string, string[]>();
      byField.set(name, types.set(type, [...(types.get(type) ?? []), meta.name]));
    }
  }
  const fields = Object.fromEntries([...byField].map(([name, types]) => [name, Object.fromEntries([...types].map(([type, indices]) => [type, {
    type, searchable: type !== '_source' && type !== 'object', aggregatable: !NOT_AGGREGATABLE.has(type) && type !== '_source',
    ...(indices.length < metas.length ? { indices } : {}),
  }]))]));
  return json({ indices: metas.map((m) => m.name).sort(), fields });
}

/** `_field_caps` on all or some indices. */
export function registerFieldCapsRoutes(router: Router, node: ClusterNode): void {
  router.add(['GET', 'POST'], '/_field_caps', (req) => fieldCaps(node, req));
  router.add(['GET', 'POST'], '/{index}/_field_caps', (req, p) => fieldCaps(node, req, p.index));
}
