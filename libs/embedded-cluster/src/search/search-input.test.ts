import { type ClusterFixture, startFixture } from '../test/cluster-fixture';

// Search bodies with wrongly typed parts that used to throw a TypeError (a 500); each is a 400 parsing_exception.
const CASES: [string, unknown, string][] = [
  ['multi_match fields [[]]', { query: { multi_match: { query: 'x', fields: [[]] } } }, '[fields] entries must be field names, found [[]]'],
  ['query_string fields [null]', { query: { query_string: { query: 'x', fields: [null] } } }, '[fields] entries must be field names, found [null]'],
  ['simple_query_string fields [{}]', { query: { simple_query_string: { query: 'x', fields: [{}] } } }, '[fields] entries must be field names, found [{}]'],
  ['an aggregation that is null', { aggs: { x: null } }, 'Aggregation definition for [x starts with a [VALUE_NULL], expected a [START_OBJECT].'],
  ['an aggregation body that is null', { aggs: { x: { terms: null } } }, 'Expected [START_OBJECT] under [terms], but got a [VALUE_NULL] in [x]'],
  ['sub-aggregations that are a number', { aggs: { x: { terms: { field: 'a' }, aggs: 5 } } }, 'Expected [START_OBJECT] under [aggs], but got a [VALUE_NUMBER] in [x]'],
];

describe('search: wrongly typed request parts', () => {
  let f: ClusterFixture;
  beforeAll(async () => {
    f = await startFixture();
    await f.client.index({ index: 's', id: '1', body: { a: 1, s: 'x' }, refresh: true });
  });
  afterAll(() => f.close());

  it.each(CASES)('%s', async (_name, body, reason) => {
    const r = await f.raw('POST', '/s/_search', body);
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ type: 'parsing_exception', reason });
  });

  it('reads a number in fields as a field name, as OpenSearch reads it as text', async () => {
    const r = await f.raw('POST', '/s/_search', { query: { multi_match: { query: 'x', fields: [5] } } });
    expect(r.status).toBe(200);
    expect(r.json.hits.total.value).toBe(0);
  });
});
