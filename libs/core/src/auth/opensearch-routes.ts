import { RouteTable, type RouteShape } from './route-table';

const both = (path: string): RouteShape[] => [
  { methods: ['POST'], path },
  { methods: ['POST'], path: `/{index}${path}` },
];

/**
 * The OpenSearch operations a viewer may send with POST or DELETE, taken from the OpenSearch API
 * specification (`spec/namespaces/*.yaml`): the operations of these groups only read.
 *
 * | group | shapes |
 * |---|---|
 * | search, msearch, count, mget, field_caps, rank_eval, mtermvectors, search_template, msearch_template, search_shards, indices.analyze, indices.validate_query | `POST /_x` and `POST /{index}/_x` |
 * | explain, termvectors | `POST /{index}/_explain/{id}`, `POST /{index}/_termvectors[/{id}]` |
 * | scroll | `POST /_search/scroll[/{scroll_id}]` |
 * | create_pit | `POST /{index}/_search/point_in_time` |
 * | render_search_template | `POST /_render/template[/{id}]` |
 * | cluster.allocation_explain, indices.simulate_template, indices.simulate_index_template, ism.explain_policy, scripts_painless_execute | their POST shapes |
 * | clear_scroll, delete_pit | `DELETE /_search/scroll[/{scroll_id}]`, `DELETE /_search/point_in_time` (a reader cleaning up its own cursors, named by id) |
 *
 * Left out on purpose, so they need the operator role: `DELETE /_search/scroll/_all` and
 * `DELETE /_search/point_in_time/_all` (they end every reader's cursors), `_plugins/_sql` and
 * `_plugins/_ppl` (SQL has `DELETE` statements), `_plugins/_asynchronous_search` (stores results).
 */
export const OPENSEARCH_READ_SHAPES: readonly RouteShape[] = [
  ...['/_search', '/_msearch', '/_count', '/_mget', '/_field_caps', '/_rank_eval', '/_mtermvectors'].flatMap(both),
  ...['/_search/template', '/_msearch/template', '/_search_shards', '/_analyze', '/_validate/query'].flatMap(both),
  { methods: ['POST'], path: '/{index}/_explain/{id}' },
  { methods: ['POST'], path: '/{index}/_termvectors' },
  { methods: ['POST'], path: '/{index}/_termvectors/{id}' },
  { methods: ['POST'], path: '/_search/scroll' },
  { methods: ['POST'], path: '/_search/scroll/{scroll_id}' },
  { methods: ['POST'], path: '/{index}/_search/point_in_time' },
  { methods: ['POST'], path: '/_render/template' },
  { methods: ['POST'], path: '/_render/template/{id}' },
  { methods: ['POST'], path: '/_cluster/allocation/explain' },
  { methods: ['POST'], path: '/_index_template/_simulate' },
  { methods: ['POST'], path: '/_index_template/_simulate/{name}' },
  { methods: ['POST'], path: '/_index_template/_simulate_index/{name}' },
  { methods: ['POST'], path: '/_plugins/_ism/explain' },
  { methods: ['POST'], path: '/_plugins/_ism/explain/{index}' },
  { methods: ['POST'], path: '/_scripts/painless/_execute' },
  { methods: ['DELETE'], path: '/_search/scroll' },
  { methods: ['DELETE'], path: '/_search/scroll/{scroll_id}' },
  { methods: ['DELETE'], path: '/_search/point_in_time' },
];

/**
 * Shapes that act although a broader rule would call them reads: the spec gives `indices.flush` and
 * `indices.refresh` a GET form too (the operation, not the method, decides), and a scroll id of `_all`
 * clears every reader's scrolls.
 */
export const OPENSEARCH_ACTING_SHAPES: readonly RouteShape[] = [
  ...['/_flush', '/{index}/_flush', '/_refresh', '/{index}/_refresh'].map((path) => ({ methods: ['GET', 'HEAD'], path })),
  { methods: ['DELETE'], path: '/_search/scroll/_all' },
];

/** {@link OPENSEARCH_READ_SHAPES} as a table. */
export const OPENSEARCH_READS = new RouteTable(OPENSEARCH_READ_SHAPES);

/** {@link OPENSEARCH_ACTING_SHAPES} as a table. */
export const OPENSEARCH_ACTS = new RouteTable(OPENSEARCH_ACTING_SHAPES);
