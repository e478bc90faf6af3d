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

  describe('date_histogram over documents a day apart at 1ms', () => {
    beforeAll(async () => {
      await f.raw('PUT', '/dates', { settings: { number_of_replicas: 0 }, mappings: { properties: { t: { type: 'date' } } } });
      await f.raw('POST', '/_bulk?refresh=true', '{"index":{"_index":"dates"}}\n{"t":"1970-01-01"}\n{"index":{"_index":"dates"}}\n{"t":"1970-01-02"}\n');
    });
    const agg = (opts: Record<string, unknown>) => ({ size: 0, aggs: { h: { date_histogram: { field: 't', ...opts } } } });

    it('answers the buckets that hold documents at once when min_doc_count is 1', async () => {
      const started = Date.now();
      const r = await f.raw('POST', '/dates/_search', agg({ fixed_interval: '1ms', min_doc_count: 1 }));
      expect(r.status).toBe(200);
      expect(r.json.aggregations.h.buckets.map((b: { doc_count: number }) => b.doc_count)).toEqual([1, 1]);
      expect(Date.now() - started).toBeLessThan(1000);
    });

    it('refuses to fill more than search.max_buckets gaps', async () => {
      const r = await f.raw('POST', '/dates/_search', agg({ fixed_interval: '1ms' }));
      expect(r.status).toBe(400);
      expect(r.json.error).toMatchObject({
        type: 'too_many_buckets_exception',
        reason: 'Trying to create too many buckets. Must be less than or equal to: [65535] but was [65536]. This limit can be set by changing the [search.max_buckets] cluster level setting.',
      });
    });

    it.each([
      ['fortnight', 'failed to parse setting [date_histogram.fixedInterval] with value [fortnight] as a time value: unit is missing or unrecognized'],
      ['0ms', 'Zero or negative time interval not supported'],
    ])('refuses fixed_interval %s', async (interval, reason) => {
      const r = await f.raw('POST', '/dates/_search', agg({ fixed_interval: interval }));
      expect(r.status).toBe(400);
      expect(r.json.error).toMatchObject({ type: 'illegal_argument_exception', reason });
    });
  });

  it('matches a terms query of 65,536 terms on long, keyword and text fields by value', async () => {
    await f.raw('PUT', '/t', { settings: { number_of_replicas: 0 }, mappings: { properties: { n: { type: 'long' }, k: { type: 'keyword' }, s: { type: 'text' } } } });
    await f.raw('POST', '/_bulk?refresh=true', '{"index":{"_index":"t","_id":"1"}}\n{"n":70000,"k":"K70000","s":"Hello World"}\n{"index":{"_index":"t","_id":"2"}}\n{"n":5,"k":"x","s":"other"}\n');
    const many = (f2: (i: number) => unknown) => Array.from({ length: 65535 }, (_, i) => f2(i + 100000));
    const ids = async (query: unknown) => ((await f.raw('POST', '/t/_search', { query })).json.hits.hits as { _id: string }[]).map((h) => h._id);
    const started = Date.now();
    expect(await ids({ terms: { n: [...many((i) => i), '70000'] } })).toEqual(['1']);
    expect(await ids({ terms: { k: [...many((i) => `K${i}`), 'K70000'] } })).toEqual(['1']);
    expect(await ids({ terms: { s: [...many((i) => `w${i}`), 'world'] } })).toEqual(['1']);
    expect(await ids({ terms: { k: ['k70000'] } })).toEqual([]);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
