import { ValidationError } from '@ferry/core';
import type { Request } from 'express';
import type { ClusterCaller } from '../cluster-access/cluster-caller';
import { seg } from '../cluster-access/cluster-caller';
import { HqRouter, type RouteInfo } from '../http/hq-router';
import { hqJsonBody, parseBody } from '../http/input';
import { closedIndices, deletedIndices, flattenAliases } from '../summaries/index-summary';
import { hasMappingTypes } from '../version/version';
import { createIndexBodySchema, reindexBodySchema } from './indices.schemas';
import type { IndicesService } from './indices.service';

const c = (req: Request) => String(req.params.cluster);
const p = (req: Request, name: string) => (req.params[name] === undefined ? undefined : String(req.params[name]));
// Comma-separated lists stay lists; everything else in a name is encoded.
const list = (v: string) => seg(v).replace(/%2C/gi, ',');
const opt = (v?: string) => (v ? `/${list(v)}` : '');

// `_mapping/<type>` only exists where mappings still have types (ES 6); elsewhere say so instead of a cryptic 400.
async function assertTyped(caller: ClusterCaller, cluster: string, type: string): Promise<void> {
  const v = await caller.version(cluster);
  if (!hasMappingTypes(v)) {
    throw new ValidationError(
      `'${type}' is a mapping type, but ${v.distribution} ${v.number} has typeless mappings: use /api/indices/${cluster}/<index>/_mapping`,
    );
  }
}

/** `/api/indices`: literal routes first, as Werkzeug gives them priority over converters. */
export function createIndicesRouter(o: { caller: ClusterCaller; indices: IndicesService; bodyLimitBytes: number; table: RouteInfo[] }): HqRouter {
  const { caller, indices } = o;
  const r = new HqRouter('/api/indices', o.table);
  r.router.use(hqJsonBody(o.bodyLimitBytes));
  return r
    .route(['post'], '/:cluster/_reindex', 'indices_reindex', (req) => indices.reindex(c(req), parseBody(reindexBodySchema, req.body)))
    .route(['get'], '/:cluster/_closed', 'indices_closed', async (req) =>
      closedIndices(await caller.call(c(req), { path: '/_cat/indices', query: { format: 'json' } })),
    )
    .route(['get'], '/:cluster/_deleted', 'indices_deleted', async (req) =>
      deletedIndices(await caller.call(c(req), { path: '/_cluster/state/metadata' })),
    )
    .route(['get'], '/:cluster{/:names}/_summary', 'indices_summary', (req) => indices.summary(c(req), p(req, 'names')))
    .route(['get'], '/:cluster{/:names}/_stats', 'indices_stats', (req) => caller.call(c(req), { path: `${opt(p(req, 'names'))}/_stats` }))
    .route(['get'], '/:cluster{/:names}/_shards', 'indices_shards', (req) =>
      caller.call(c(req), { path: `/_cat/shards${opt(p(req, 'names'))}`, query: { format: 'json' } }),
    )
    .route(['put'], '/:cluster{/:index}/action/:action', 'indices_action', (req) => indices.action(c(req), String(req.params.action), p(req, 'index')))
    .route(['get'], '/:cluster{/:index}/_aliases', 'indices_aliases', async (req) =>
      flattenAliases(await caller.call(c(req), { path: `${opt(p(req, 'index'))}/_alias` })),
    )
    .route(['get'], '/:cluster/:index/:alias/_aliases', 'indices_alias_get', async (req) =>
      flattenAliases(await caller.call(c(req), { path: `/${list(String(req.params.index))}/_alias/${seg(String(req.params.alias))}` })),
    )
    .route(['post'], '/:cluster/:index/:alias/_aliases', 'indices_alias_add', (req) =>
      caller.call(c(req), { method: 'PUT', path: `/${list(String(req.params.index))}/_alias/${seg(String(req.params.alias))}` }),
    )
    .route(['delete'], '/:cluster/:index/:alias/_aliases', 'indices_alias_remove', (req) =>
      caller.call(c(req), { method: 'DELETE', path: `/${list(String(req.params.index))}/_alias/${seg(String(req.params.alias))}` }),
    )
    .route(['get'], '/:cluster/:index/_mapping{/:type}', 'indices_mapping', async (req) => {
      const type = p(req, 'type');
      if (type) await assertTyped(caller, c(req), type);
      return caller.call(c(req), { path: `/${list(String(req.params.index))}/_mapping${opt(type)}` });
    })
    .route(['get'], '/:cluster', 'indices_list', (req) => caller.call(c(req), { path: '/_all' }))
    .route(['get'], '/:cluster/:index', 'indices_get', (req) => caller.call(c(req), { path: `/${list(String(req.params.index))}` }))
    .route(['post'], '/:cluster/:index', 'indices_create', (req) =>
      caller.call(c(req), { method: 'PUT', path: `/${seg(String(req.params.index))}`, body: parseBody(createIndexBodySchema, req.body) }),
    );
}
