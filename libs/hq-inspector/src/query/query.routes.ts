import type { ClusterCaller } from '../cluster-access/cluster-caller';
import { seg } from '../cluster-access/cluster-caller';
import { HqRouter, type RouteInfo } from '../http/hq-router';
import { hqJsonBody, parseBody } from '../http/input';
import { queryBodySchema } from '../indices/indices.schemas';

// Keys of a search body; HQ hands `query` to elasticsearch-dsl's `update_from_dict`, i.e. a whole search body.
const SEARCH_KEYS = new Set(['query', 'size', 'from', 'sort', 'aggs', 'aggregations', '_source', 'post_filter', 'highlight', 'track_total_hits', 'search_after']);

/** The search body for HQ's `{"query": ...}`: a search body as is, a bare query clause wrapped in `query`. */
export function searchBody(query: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(query);
  return keys.length > 0 && keys.every((k) => SEARCH_KEYS.has(k)) ? query : { query };
}

/** `POST /api/query/<c>/<index>`: `[search response]`; 400 "Missing query in request payload!". */
export function createQueryRouter(o: { caller: ClusterCaller; bodyLimitBytes: number; table: RouteInfo[] }): HqRouter {
  const r = new HqRouter('/api/query', o.table);
  r.router.use(hqJsonBody(o.bodyLimitBytes));
  return r.route(['post'], '/:cluster/:index', 'query', (req) => {
    const { query } = parseBody(queryBodySchema, { ...req.query, ...req.body });
    return o.caller.call(String(req.params.cluster), {
      method: 'POST',
      path: `/${seg(String(req.params.index)).replace(/%2C/gi, ',')}/_search`,
      body: searchBody(query),
    });
  });
}
