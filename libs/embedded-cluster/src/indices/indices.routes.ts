import { AppError } from '@ferry/core';
import { jsonOf, type Request } from '../http/request';
import { json, type Reply } from '../http/respond';
import type { Router } from '../http/router';
import type { ClusterNode } from '../node/cluster-node';
import type { AliasSpec, Mappings } from './index-meta';
import { indexView } from './index-view';
import { validateIndexName } from './index-names';
import { resolveOptionsOf } from './resolve';

const CREATE_KEYS = new Set(['settings', 'mappings', 'aliases']);

function createIndex(node: ClusterNode, req: Request, name: string): Reply {
  validateIndexName(name);
  const body = jsonOf(req) ?? {};
  for (const k of Object.keys(body)) {
    if (!CREATE_KEYS.has(k)) throw new AppError(400, `unknown key [${k}] for create index`, { type: 'parse_exception' });
  }
  for (const k of ['settings', 'mappings', 'aliases']) {
    const v = body[k];
    if (v !== undefined && (v === null || typeof v !== 'object' || Array.isArray(v))) {
      throw new AppError(400, `Failed to parse [${k}]: expected an object`, { type: k === 'mappings' ? 'mapper_parsing_exception' : 'parse_exception' });
    }
  }
  const aliases = (body.aliases ?? {}) as Record<string, AliasSpec>;
  for (const a of Object.keys(aliases)) validateIndexName(a);
  const meta = node.createIndex({ name, settings: body.settings, mappings: (body.mappings ?? {}) as Mappings, aliases });
  return json({ acknowledged: true, shards_acknowledged: true, index: name });
}

function getIndices(node: ClusterNode, req: Request, expr: string): Reply {
  const metas = node.resolve(expr, resolveOptionsOf(req.query, { expandWildcards: 'open,closed' }));
  return json(Object.fromEntries(metas.map((m) => [m.name, indexView(m, req.query)])));
}

function exists(node: ClusterNode, req: Request, expr: string): Reply {
  try {
    const metas = node.resolve(expr, resolveOptionsOf(req.query, { expandWildcards: 'open,closed', allowNoIndices: false }));
    return { status: metas.length ? 200 : 404, body: '' };
  } catch {
    return { status: 404, body: '' };
  }
}

function deleteIndices(node: ClusterNode, req: Request, expr: string): Reply {
  if (expr === '_all' || expr === '*') {
    if (String(node.clusterSettings.persistent['action.destructive_requires_name'] ?? 'false') === 'true') {
      throw new AppError(400, 'Wildcard expressions or all indices are not allowed', { type: 'illegal_argument_exception' });
    }
  }
  for (const part of expr.split(',')) {
    if (!part.includes('*') && part !== '_all' && !node.registry.get(part) && node.resolve(part, { ignoreUnavailable: true }).length > 0) {
      throw new AppError(400, `The provided expression [${part}] matches an alias, specify the corresponding concrete indices instead.`, { type: 'illegal_argument_exception' });
    }
  }
  const metas = node.resolve(expr, resolveOptionsOf(req.query, { expandWildcards: 'open,closed' }));
  for (const m of metas) node.registry.delete(m.name);
  return json({ acknowledged: true });
}

function refresh(node: ClusterNode, req: Request, expr?: string): Reply {
  const metas = node.resolve(expr, resolveOptionsOf(req.query, { forbidClosed: true })).filter((m) => m.state === 'open');
  let total = 0;
  let primaries = 0;
  for (const m of metas) {
    node.refresh(m);
    primaries += m.shards.length;
    total += m.shards.length * (1 + Number(m.settings['index.number_of_replicas'] ?? 1));
  }
  return json({ _shards: { total, successful: primaries, failed: 0 } });
}

/** Index create/get/exists/delete and `_refresh`. */
export function registerIndexRoutes(router: Router, node: ClusterNode): void {
  router.add(['POST', 'GET'], '/_refresh', (req) => refresh(node, req));
  router.add(['POST', 'GET'], '/{index}/_refresh', (req, p) => refresh(node, req, p.index));
  router.add('PUT', '/{index}', (req, p) => createIndex(node, req, p.index));
  router.add('HEAD', '/{index}', (req, p) => exists(node, req, p.index));
  router.add('GET', '/{index}', (req, p) => getIndices(node, req, p.index));
  router.add('DELETE', '/{index}', (req, p) => deleteIndices(node, req, p.index));
}
