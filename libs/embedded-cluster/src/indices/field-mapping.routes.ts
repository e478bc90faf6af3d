import type { Request } from '../http/request';
import { json, type Reply } from '../http/respond';
import type { Router } from '../http/router';
import type { ClusterNode } from '../node/cluster-node';
import type { FieldMapping } from './index-meta';
import { wildcardRegex } from './index-names';
import { resolveOptionsOf } from './resolve';

/** Every field of a mapping tree by full dotted name, multi-fields included (`title.keyword`). */
export function leaves(props: Record<string, FieldMapping> | undefined, prefix = '', out = new Map<string, [string, FieldMapping]>()) {
  for (const [name, def] of Object.entries(props ?? {})) {
    const full = `${prefix}${name}`;
    out.set(full, [name, def]);
    if (def.properties) leaves(def.properties, `${full}.`, out);
    for (const [sub, subDef] of Object.entries(def.fields ?? {})) out.set(`${full}.${sub}`, [sub, subDef]);
  }
  return out;
}

/** `_mapping/field/{fields}`: each matching field's definition under its full name, per index. */
function fieldMapping(node: ClusterNode, req: Request, fields: string, expr?: string): Reply {
  const patterns = fields.split(',').map((f) => wildcardRegex(f.trim()));
  const out: Record<string, { mappings: Record<string, unknown> }> = {};
  for (const meta of node.resolve(expr, resolveOptionsOf(req.query, { expandWildcards: 'open' }))) {
    const mappings: Record<string, unknown> = {};
    for (const [full, [leaf, def]] of leaves(meta.mappings.properties)) {
      if (patterns.some((re) => re.test(full))) mappings[full] = { full_name: full, mapping: { [leaf]: def } };
    }
    out[meta.name] = { mappings };
  }
  return json(out);
}

/** Field-level mapping lookups. */
export function registerFieldMappingRoutes(router: Router, node: ClusterNode): void {
  router.add('GET', '/_mapping/field/{fields}', (req, p) => fieldMapping(node, req, p.fields));
  router.add('GET', '/{index}/_mapping/field/{fields}', (req, p) => fieldMapping(node, req, p.fields, p.index));
}
