import { type ClusterFixture, startFixture } from '../test/cluster-fixture';

describe('embedded cluster: filter, range and histogram aggregations', () => {
  let f: ClusterFixture;
  const aggs = async (body: Record<string, unknown>) => (await f.raw('POST', '/films/_search', { size: 0, aggs: body })).json.aggregations;

  beforeAll(async () => {
    f = await startFixture();
    const docs = [{ year: 1939, tag: 'a' }, { year: 1991, tag: 'b' }, { year: 2010, tag: 'a' }];
    await f.client.bulk({ body: docs.flatMap((d, i) => [{ index: { _index: 'films', _id: String(i) } }, d]), refresh: 'true' });
  });
  afterAll(() => f.close());

  it('counts a filter with its sub-aggregations and echoes meta', async () => {
    const r = await aggs({ old: { meta: { note: 'x' }, filter: { range: { year: { lt: 2000 } } }, aggs: { tags: { cardinality: { field: 'tag.keyword' } } } } });
    expect(r.old).toEqual({ meta: { note: 'x' }, doc_count: 2, tags: { value: 2 } });
  });

  it('buckets by ranges, from inclusive and to exclusive', async () => {
    const r = await aggs({ c20: { range: { field: 'year', ranges: [{ from: 1900, to: 2000 }, { from: 2000 }] } } });
    expect(r.c20.buckets).toEqual([
      { key: '1900-2000', from: 1900, to: 2000, doc_count: 2 },
      { key: '2000-*', from: 2000, doc_count: 1 },
    ]);
  });

  it('buckets a histogram, filling the empty buckets between', async () => {
    const r = await aggs({ h: { histogram: { field: 'year', interval: 50, format: '0.0' } } });
    expect(r.h.buckets.map((b: { key_as_string: string; doc_count: number }) => [b.key_as_string, b.doc_count])).toEqual([['1900.0', 1], ['1950.0', 1], ['2000.0', 1]]);
  });
});
