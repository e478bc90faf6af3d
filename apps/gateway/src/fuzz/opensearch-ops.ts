import type { BodyKind, Operation } from './operations';

type Sample = Extract<BodyKind, { kind: 'sample' }>['sample'];
type Row = [method: string, template: string, read: boolean, body?: Sample | 'bulk', query?: string[]];

/**
 * The common OpenSearch operations the pass-through family fuzzes, taken from the OpenSearch API
 * specification (namespaces/*.yaml): committed here so the suite needs no copy of the spec at test time.
 * `read` is what the specification's operation does, not what its URL looks like.
 */
const ROWS: Row[] = [
  ['GET', '/', true],
  ['HEAD', '/', true],
  ['GET', '/_cluster/health', true, undefined, ['wait_for_status', 'timeout', 'level']],
  ['GET', '/_cluster/health/{index}', true],
  ['GET', '/_cluster/state', true],
  ['GET', '/_cluster/stats', true],
  ['GET', '/_cluster/settings', true, undefined, ['include_defaults', 'flat_settings']],
  ['PUT', '/_cluster/settings', false, 'settings'],
  ['GET', '/_nodes', true],
  ['GET', '/_nodes/stats', true],
  ['GET', '/_cat/indices', true, undefined, ['v', 'format', 'h', 's']],
  ['GET', '/_cat/health', true, undefined, ['v', 'format']],
  ['GET', '/_cat/shards', true, undefined, ['format']],
  ['GET', '/_cat/aliases', true],
  ['GET', '/_cat/count/{index}', true],
  ['PUT', '/{index}', false, 'index'],
  ['HEAD', '/{index}', true],
  ['GET', '/{index}', true],
  ['DELETE', '/{index}', false],
  ['POST', '/{index}/_open', false],
  ['POST', '/{index}/_close', false],
  ['GET', '/{index}/_mapping', true],
  ['PUT', '/{index}/_mapping', false, 'mapping'],
  ['GET', '/_mapping', true],
  ['GET', '/{index}/_settings', true],
  ['PUT', '/{index}/_settings', false, 'settings'],
  ['POST', '/{index}/_refresh', false],
  ['POST', '/{index}/_flush', false],
  ['GET', '/{index}/_stats', true],
  ['GET', '/_aliases', true],
  ['POST', '/_aliases', false, 'aliases'],
  ['PUT', '/{index}/_alias/{name}', false],
  ['GET', '/{index}/_alias', true],
  ['DELETE', '/{index}/_alias/{name}', false],
  ['PUT', '/{index}/_doc/{id}', false, 'doc', ['refresh', 'routing', 'op_type']],
  ['POST', '/{index}/_doc', false, 'doc', ['refresh', 'routing']],
  ['POST', '/{index}/_doc/{id}', false, 'doc', ['refresh', 'routing']],
  ['PUT', '/{index}/_create/{id}', false, 'doc', ['refresh']],
  ['GET', '/{index}/_doc/{id}', true, undefined, ['routing', '_source']],
  ['HEAD', '/{index}/_doc/{id}', true],
  ['DELETE', '/{index}/_doc/{id}', false, undefined, ['refresh', 'routing']],
  ['POST', '/{index}/_update/{id}', false, 'doc', ['refresh', 'routing']],
  ['GET', '/{index}/_source/{id}', true],
  ['POST', '/_bulk', false, 'bulk', ['refresh', 'routing']],
  ['POST', '/{index}/_bulk', false, 'bulk', ['refresh']],
  ['POST', '/_mget', true, 'query'],
  ['GET', '/{index}/_search', true, undefined, ['q', 'size', 'from', 'sort']],
  ['POST', '/{index}/_search', true, 'query', ['size', 'from', 'scroll']],
  ['POST', '/_search', true, 'query', ['size']],
  ['POST', '/_msearch', true, 'bulk'],
  ['POST', '/{index}/_count', true, 'query'],
  ['GET', '/_count', true],
  ['POST', '/_search/scroll', true, 'query'],
  ['DELETE', '/_search/scroll', true, 'query'],
  ['POST', '/{index}/_delete_by_query', false, 'query', ['refresh', 'conflicts']],
  ['POST', '/{index}/_update_by_query', false, 'query', ['refresh', 'conflicts']],
  ['POST', '/_reindex', false, 'query', ['refresh']],
  ['POST', '/{index}/_search/point_in_time', true, undefined, ['keep_alive']],
  ['DELETE', '/_search/point_in_time', true, 'pit'],
  ['GET', '/_search/point_in_time/_all', true],
  ['GET', '/_snapshot', true],
  ['PUT', '/_snapshot/{repository}', false, 'settings'],
  ['GET', '/_snapshot/{repository}/{snapshot}', true],
  ['POST', '/_snapshot/{repository}/{snapshot}/_restore', false, 'query'],
  ['GET', '/_template', true],
  ['PUT', '/_index_template/{name}', false, 'index'],
  ['POST', '/{index}/_analyze', true, 'query'],
  ['GET', '/{index}/_field_caps', true, undefined, ['fields']],
];

function body(b: Row[3]): BodyKind {
  if (b === undefined) return { kind: 'none' };
  if (b === 'bulk') return { kind: 'ndjson-bulk' };
  return { kind: 'sample', sample: b };
}

/** The pass-through family's operations. */
export const OPENSEARCH_OPERATIONS: readonly Operation[] = ROWS.map(([method, template, read, b, query]) => ({
  family: 'passthrough',
  method,
  template,
  read,
  body: body(b),
  query: (query ?? []).map((name) => ({ name })),
}));
