import { AppError } from '@ferry/core';
import { illegalArgument, indexNotFound } from '../http/errors';
import { jsonOf, type Request } from '../http/request';
import { json, type Reply } from '../http/respond';
import type { Router } from '../http/router';
import type { ClusterNode } from '../node/cluster-node';
import type { AliasSpec, IndexMeta } from './index-meta';
import { validateIndexName, wildcardRegex } from './index-names';
import { resolveOptionsOf } from './resolve';

type Action = Record<string, Record<string, unknown>>;

function list(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map(String);
}

function aliasSpec(a: Record<string, unknown>): AliasSpec {
  const spec: AliasSpec = {};
  if (a.filter !== undefined) spec.filter = a.filter;
  if (a.routing !== undefined) spec.index_routing = spec.search_routing = String(a.routing);
  if (a.index_routing !== undefined) spec.index_routing = String(a.index_routing);
  if (a.search_routing !== undefined) spec.search_routing = String(a.search_routing);
  if (a.is_write_index !== undefined) spec.is_write_index = Boolean(a.is_write_index);
  if (a.is_hidden !== undefined) spec.is_hidden = Boolean(a.is_hidden);
  return spec;
}

/** Applies `_aliases` actions atomically: everything is checked before anything changes. */
function applyActions(node: ClusterNode, actions: Action[]): void {
  const plan: (() => void)[] = [];
  const touched = new Set<IndexMeta>();
  for (const action of actions) {
    const [type, a] = Object.entries(action)[0] ?? [];
    if (!a || !['add', 'remove', 'remove_index'].includes(type)) throw illegalArgument(`[aliases] unknown field [${type}]`);
    const indices = [...list(a.index), ...list(a.indices)];
    if (indices.length === 0) throw new AppError(400, 'Validation Failed: 1: One of [index] or [indices] is required;', { type: 'action_request_validation_exception' });
    const metas = indices.flatMap((i) => node.resolve(i, { expandWildcards: 'open,closed' }));
    if (type === 'remove_index') {
      plan.push(() => metas.forEach((m) => node.registry.delete(m.name)));
      continue;
    }
    const aliases = [...list(a.alias), ...list(a.aliases)];
    if (aliases.length === 0) throw new AppError(400, 'Validation Failed: 1: One of [alias] or [aliases] is required;', { type: 'action_request_validation_exception' });
    for (const m of metas) {
      touched.add(m);
      if (type === 'add') {
        for (const alias of aliases) {
          validateIndexName(alias);
          if (node.registry.get(alias)) throw new AppError(400, `an index or data stream exists with the same name as the alias`, { type: 'invalid_alias_name_exception', fields: { index: alias } });
          plan.push(() => (m.aliases[alias] = aliasSpec(a)));
        }
      } else {
        const names = Object.keys(m.aliases).filter((n) => aliases.some((p) => wildcardRegex(p).test(n)));
        if (names.length === 0 && a.must_exist !== false) throw new AppError(404, `aliases [${aliases.join(',')}] missing`, { type: 'aliases_not_found_exception', fields: { 'resource.type': 'aliases', 'resource.id': aliases.join(',') } });
        plan.push(() => names.forEach((n) => delete m.aliases[n]));
      }
    }
  }
  plan.forEach((p) => p());
  for (const m of touched) if (node.registry.get(m.name)) node.registry.save(m);
}

function getAliases(node: ClusterNode, req: Request, expr?: string, name?: string): Reply {
  const metas = node.resolve(expr, resolveOptionsOf(req.query, { expandWildcards: 'all' }));
  const patterns = name && name !== '_all' && name !== '*' ? name.split(',').map(wildcardRegex) : undefined;
  const out: Record<string, { aliases: Record<string, AliasSpec> }> = {};
  const found = new Set<string>();
  for (const m of metas) {
    const picked = Object.fromEntries(Object.entries(m.aliases).filter(([a]) => !patterns || patterns.some((r) => r.test(a))));
    Object.keys(picked).forEach((a) => found.add(a));
    if (!patterns || Object.keys(picked).length) out[m.name] = { aliases: picked };
  }
  if (patterns && name) {
    const missing = name.split(',').filter((n) => !n.includes('*') && !found.has(n));
    if (missing.length) return json({ error: `alias [${missing.join(',')}] missing`, status: 404, ...out }, 404);
  }
  return json(out);
}

function putAlias(node: ClusterNode, req: Request, expr: string, name: string): Reply {
  applyActions(node, [{ add: { index: expr, alias: name, ...(jsonOf(req) ?? {}) } }]);
  return json({ acknowledged: true });
}

/** `PUT /_alias/{name}`, `PUT /{index}/_alias` and kin: what the path leaves out comes from the body. */
function putAliasFromBody(node: ClusterNode, req: Request, expr?: string, name?: string): Reply {
  const { index, indices, alias, aliases, ...rest } = (jsonOf(req) ?? {}) as Record<string, unknown>;
  const target = expr ?? index ?? indices;
  const aliasName = name ?? alias ?? aliases;
  // applyActions reports a missing index or alias with OpenSearch's validation messages.
  applyActions(node, [{ add: { ...rest, indices: list(target), aliases: list(aliasName) } }]);
  return json({ acknowledged: true });
}

function deleteAlias(node: ClusterNode, req: Request, expr: string, name: string): Reply {
  const metas = node.resolve(expr, resolveOptionsOf(req.query, { expandWildcards: 'all' }));
  if (metas.length === 0) throw indexNotFound(expr);
  applyActions(node, [{ remove: { indices: metas.map((m) => m.name), aliases: name.split(',') } }]);
  return json({ acknowledged: true });
}

/** `_aliases` actions and the `_alias` APIs. */
export function registerAliasRoutes(router: Router, node: ClusterNode): void {
  router.add('POST', '/_aliases', (req) => {
    const body = jsonOf(req) ?? {};
    if (!Array.isArray(body.actions)) throw new AppError(400, 'Validation Failed: 1: No action specified;', { type: 'action_request_validation_exception' });
    applyActions(node, body.actions as Action[]);
    return json({ acknowledged: true });
  });
  router.add('GET', '/_alias', (req) => getAliases(node, req));
  router.add('GET', '/_aliases', (req) => getAliases(node, req));
  router.add('GET', '/_alias/{name}', (req, p) => getAliases(node, req, undefined, p.name));
  router.add('GET', '/{index}/_alias', (req, p) => getAliases(node, req, p.index));
  router.add('GET', '/{index}/_aliases', (req, p) => getAliases(node, req, p.index));
  router.add('GET', '/{index}/_alias/{name}', (req, p) => getAliases(node, req, p.index, p.name));
  router.add(['PUT', 'POST'], '/_alias', (req) => putAliasFromBody(node, req));
  router.add(['PUT', 'POST'], '/_alias/{name}', (req, p) => putAliasFromBody(node, req, undefined, p.name));
  router.add(['PUT', 'POST'], '/_aliases/{name}', (req, p) => putAliasFromBody(node, req, undefined, p.name));
  router.add(['PUT', 'POST'], '/{index}/_alias', (req, p) => putAliasFromBody(node, req, p.index));
  router.add(['PUT', 'POST'], '/{index}/_aliases', (req, p) => putAliasFromBody(node, req, p.index));
  router.add(['PUT', 'POST'], '/{index}/_alias/{name}', (req, p) => putAlias(node, req, p.index, p.name));
  router.add(['PUT', 'POST'], '/{index}/_aliases/{name}', (req, p) => putAlias(node, req, p.index, p.name));
  router.add('DELETE', '/{index}/_alias/{name}', (req, p) => deleteAlias(node, req, p.index, p.name));
  router.add('DELETE', '/{index}/_aliases/{name}', (req, p) => deleteAlias(node, req, p.index, p.name));
}
