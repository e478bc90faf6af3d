import { type ClusterFixture, startFixture } from './cluster-fixture';

const ND = 'application/x-ndjson';

// Malformed requests of every family: each must get a 4xx in OpenSearch's envelope, never a 500.
const CASES: [string, string, unknown?, string?][] = [
    ['POST', '/f/_search', { query: 'str' }], ['POST', '/f/_search', { query: { bool: 'x' } }], ['POST', '/f/_search', { query: { bool: { must: 'x' } } }],
    ['POST', '/f/_search', { query: { range: { a: 5 } } }], ['POST', '/f/_search', { query: { range: { a: { gt: { x: 1 } } } } }], ['POST', '/f/_search', { query: { term: {} } }],
    ['POST', '/f/_search', { query: { terms: { a: 5 } } }], ['POST', '/f/_search', { size: 'abc' }], ['POST', '/f/_search', { from: -1 }], ['POST', '/f/_search', { sort: 5 }],
    ['POST', '/f/_search', { sort: [{ a: { order: 'up' } }] }], ['POST', '/f/_search', { aggs: { x: { terms: {} } } }], ['POST', '/f/_search', { aggs: { x: 5 } }],
    ['POST', '/f/_search', { aggs: { x: { date_histogram: { field: 'a' } } } }], ['POST', '/f/_search', { search_after: 5, sort: ['_seq_no'] }], ['POST', '/f/_search', { _source: 5 }],
    ['POST', '/f/_search', { query: { match: { s: { query: { a: 1 } } } } }], ['POST', '/f/_search', { query: { ids: 5 } }], ['POST', '/f/_search', { query: { ids: { values: 5 } } }],
    ['POST', '/f/_search', { query: { exists: {} } }], ['POST', '/f/_search', { query: { prefix: 5 } }], ['POST', '/f/_search', { query: { multi_match: { fields: 5 } } }],
    ['POST', '/f/_search', { query: { query_string: { query: 'a:' } } }], ['POST', '/f/_search', { query: { wildcard: { s: { value: 5 } } } }],
    ['POST', '/f/_search', { pit: { id: 5 } }], ['POST', '/f/_search', { slice: 5 }], ['POST', '/f/_search', { query: { constant_score: {} } }],
    ['POST', '/f/_search?preference=_shards:abc', {}], ['POST', '/f/_search?scroll=abc', {}], ['POST', '/_search/scroll', { scroll_id: 5 }],
    ['POST', '/_bulk', '{"index":{"_index":"f"}}\n{bad json\n', ND], ['POST', '/_bulk', '{"index":5}\n{}\n', ND],
    ['POST', '/_bulk', '[1]\n', ND], ['POST', '/_bulk', '{"delete":{"_index":"f","_id":{"a":1}}}\n', ND],
    ['POST', '/_bulk', '{"index":{"_index":"f","_id":"9"}}\n[1,2]\n', ND], ['POST', '/_bulk', '{"update":{"_index":"f","_id":"1"}}\n{"doc":5}\n', ND],
    ['PUT', '/f/_doc/2', '[1]'], ['PUT', '/f/_doc/2', '5'], ['PUT', '/f/_doc/2', { a: 'x' }], ['PUT', '/f/_doc/2', { o: 5 }], ['PUT', '/f/_doc/2?version=abc&version_type=external', {}],
    ['PUT', '/f/_doc/2?version_type=bogus&version=3', {}], ['PUT', '/f/_doc/2?if_seq_no=1', {}], ['POST', '/f/_update/1', { doc: 5 }], ['POST', '/f/_update/1', { doc: { o: 5 } }],
    ['PUT', '/g', { settings: { number_of_shards: 'x' } }], ['PUT', '/g', { settings: { number_of_shards: 0 } }], ['PUT', '/g', { mappings: 5 }], ['PUT', '/g', { aliases: 5 }],
    ['PUT', '/g', '[1]'], ['PUT', '/f/_settings', { index: { refresh_interval: 'abc' } }], ['PUT', '/f/_mapping', { properties: 5 }], ['POST', '/_aliases', { actions: [5] }],
    ['POST', '/_aliases', { actions: [{ add: 5 }] }], ['GET', '/f/_doc/1?realtime=false'], ['POST', '/_mget', { docs: [5] }], ['POST', '/f/_mget', { ids: 5 }],
    ['POST', '/f/_count', { query: { nope: {} } }], ['DELETE', '/_search/point_in_time', { pit_id: 5 }], ['POST', '/f/_search/point_in_time?keep_alive=zz'],
    ['PUT', '/f/_block/bogus'], ['GET', '/_cluster/health?wait_for_status=purple'], ['GET', '/f/_stats/bogus'], ['POST', '/f/_search', { aggs: { x: { avg: { field: 5 } } } }],
    ['POST', '/f/_search', { query: { bool: { minimum_should_match: 'abc', should: [{ match_all: {} }] } } }],
];

describe('embedded cluster: bad input', () => {
  let f: ClusterFixture;
  beforeAll(async () => {
    f = await startFixture();
    await f.client.index({ index: 'f', id: '1', body: { a: 1, s: 'x', o: { p: 1 } }, refresh: true });
  });
  afterAll(() => f.close());

  // Every row gets its content type so the callback's arity matches the table (jest reads a longer one as `done`).
  const rows = CASES.map(([method, path, body, type]) => [method, path, body, type ?? 'application/json'] as const);
  it.each(rows)('%s %s %j is answered without a 500', async (method, path, body, type) => {
    const res = await fetch(`${f.cluster.url}${path}`, {
      method,
      headers: { 'content-type': type },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    expect(res.headers.get('content-type')).toBe('application/json; charset=UTF-8');
    expect({ status: res.status < 500 ? 'ok' : res.status, text: res.status < 500 ? '' : text }).toEqual({ status: 'ok', text: '' });
  });

  it.each([
    ['POST', '/f/_search', { query: { bool: 'x' } }, 'parsing_exception'],
    ['POST', '/f/_search', { query: { ids: { values: 5 } } }, 'parsing_exception'],
    ['POST', '/f/_search', { query: { range: { a: 5 } } }, 'parsing_exception'],
    ['PUT', '/f/_doc/2?version_type=bogus&version=3', {}, 'illegal_argument_exception'],
    ['POST', '/f/_update/1', { doc: 5 }, 'x_content_parse_exception'],
    ['PUT', '/g', { mappings: 5 }, 'mapper_parsing_exception'],
    ['PUT', '/f/_mapping', { properties: 5 }, 'mapper_parsing_exception'],
    ['PUT', '/f/_create/7?version=3&version_type=external', { a: 1 }, 'action_request_validation_exception'],
  ])('%s %s %j is refused with %s', async (method, path, body, type) => {
    const r = await f.raw(method, path, body);
    expect(r.status).toBe(400);
    expect(r.json.error.type).toBe(type);
  });
});
