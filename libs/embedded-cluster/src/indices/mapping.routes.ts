import { AppError } from '@ferry/core';
import { illegalArgument } from '../http/errors';
import { jsonOf, type Request } from '../http/request';
import { json, type Reply } from '../http/respond';
import type { Router } from '../http/router';
import type { ClusterNode } from '../node/cluster-node';
import type { FieldMapping, Mappings } from './index-meta';
import { checkMappingLimits } from '../mapping/mapping-limits';
import { resolveOptionsOf } from './resolve';

/** Merges new field mappings into existing ones; changing a field's type is refused as in OpenSearch. */
export function mergeProperties(target: Record<string, FieldMapping>, add: Record<string, FieldMapping>, prefix = ''): void {
  for (const [name, mapping] of Object.entries(add)) {
    const path = prefix ? `${prefix}.${name}` : name;
    const cur = target[name];
    if (!cur) {
      target[name] = mapping;
      continue;
    }
    const curType = cur.type ?? (cur.properties ? 'object' : undefined);
    const newType = mapping.type ?? (mapping.properties ? 'object' : undefined);
    if (curType && newType && curType !== newType) {
      throw illegalArgument(`mapper [${path}] cannot be changed from type [${curType}] to [${newType}]`);
    }
    if (mapping.properties) {
      cur.properties ??= {};
      mergeProperties(cur.properties, mapping.properties, path);
    }
    if (mapping.fields) cur.fields = { ...(cur.fields ?? {}), ...mapping.fields };
    for (const [k, v] of Object.entries(mapping)) if (k !== 'properties' && k !== 'fields' && k !== 'type') cur[k] = v;
  }
}

function merged(current: Mappings, body: Mappings): Mappings {
  const next = structuredClone(current);
  for (const [k, v] of Object.entries(body)) {
    if (k === 'properties') {
      next.properties ??= {};
      mergeProperties(next.properties, v as Record<string, FieldMapping>);
    } else next[k] = v;
  }
  return next;
}

function putMapping(node: ClusterNode, req: Request, expr: string): Reply {
  const body = jsonOf(req) as Mappings | undefined;
  if (!body) throw new AppError(400, 'Validation Failed: 1: mapping source is missing;', { type: 'action_request_validation_exception' });
  const props = body.properties;
  if (props !== undefined && (props === null || typeof props !== 'object' || Array.isArray(props))) {
    throw new AppError(400, 'Failed to parse mapping: [properties] must be an object', { type: 'mapper_parsing_exception' });
  }
  const metas = node.resolve(expr, resolveOptionsOf(req.query, { expandWildcards: 'open' }));
  // Every index's new mapping is built and checked before any is stored: a refused update changes nothing.
  // The request alone is checked first: its shape must be sound before it is merged into anything.
  for (const m of metas) checkMappingLimits({ index: m.name, mappings: body, settings: m.settings });
  const updates = metas.map((m) => ({ meta: m, mappings: merged(m.mappings, body) }));
  for (const u of updates) checkMappingLimits({ index: u.meta.name, mappings: u.mappings, settings: u.meta.settings });
  for (const u of updates) {
    u.meta.mappings = u.mappings;
    node.registry.save(u.meta);
  }
  return json({ acknowledged: true });
}

function getMapping(node: ClusterNode, req: Request, expr?: string): Reply {
  const metas = node.resolve(expr, resolveOptionsOf(req.query, { expandWildcards: 'open,closed' }));
  return json(Object.fromEntries(metas.map((m) => [m.name, { mappings: m.mappings }])));
}

/** `_mapping` get and put. */
export function registerMappingRoutes(router: Router, node: ClusterNode): void {
  router.add('GET', '/_mapping', (req) => getMapping(node, req));
  router.add('GET', '/{index}/_mapping', (req, p) => getMapping(node, req, p.index));
  router.add(['PUT', 'POST'], '/{index}/_mapping', (req, p) => putMapping(node, req, p.index));
}
