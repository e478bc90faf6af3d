import { toAppError } from '@ferry/core';
import { jsonOf, type Request } from '../http/request';
import { json, type Reply } from '../http/respond';
import type { Router } from '../http/router';
import type { ClusterNode } from '../node/cluster-node';
import { compileQuery } from './query';
import { parseSearchRequest } from './search-request';
import { searchTargets } from './targets';

/**
 * `_validate/query`: a query is valid when it compiles against every target index's mappings, which is what
 * a search would do before reading a row. `explain` reports each index's result and the error.
 */
function validate(node: ClusterNode, req: Request, index?: string): Reply {
  const body = jsonOf(req) ?? {};
  const metas = [...new Map(searchTargets(node, index, new URLSearchParams()).map((t) => [t.meta.name, t.meta])).values()];
  const explanations = metas.map((meta) => {
    try {
      const sreq = parseSearchRequest({ query: body.query }, req.query.has('q') ? new URLSearchParams({ q: req.query.get('q')! }) : new URLSearchParams());
      compileQuery(sreq.query, meta);
      return { index: meta.name, valid: true, explanation: JSON.stringify(sreq.query ?? { match_all: {} }) };
    } catch (err) {
      return { index: meta.name, valid: false, error: `[${meta.name}/${meta.uuid}] ${toAppError(err).message}` };
    }
  });
  const valid = explanations.every((e) => e.valid);
  const shards = { total: metas.length, successful: metas.length, failed: 0 };
  return json({ _shards: shards, valid, ...(req.query.get('explain') === 'true' ? { explanations } : {}) });
}

/** `_validate/query` on all or some indices. */
export function registerValidateRoutes(router: Router, node: ClusterNode): void {
  router.add(['GET', 'POST'], '/_validate/query', (req) => validate(node, req));
  router.add(['GET', 'POST'], '/{index}/_validate/query', (req, p) => validate(node, req, p.index));
}
