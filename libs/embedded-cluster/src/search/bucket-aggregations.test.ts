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

describe('embedded cluster: float doc values and per-bucket error bounds', () => {
  let f: ClusterFixture;
  beforeAll(async () => {
    f = await startFixture();
    await f.client.indices.create({ index: 'm', body: { mappings: { properties: { v: { type: 'float' }, d: { type: 'double' }, k: { type: 'keyword' } } } } });
    const docs = [{ v: 100.5, d: 100.5, k: 'a' }, { v: 200.3, d: 200.3, k: 'a' }, { v: 1, d: 1, k: 'b' }];
    await f.client.bulk({ body: docs.flatMap((d) => [{ index: { _index: 'm' } }, d]), refresh: 'true' });
  });
  afterAll(() => f.close());

  it('aggregates a float field as 32-bit floats and a double field as doubles', async () => {
    const r = (await f.raw('POST', '/m/_search', { size: 0, aggs: { fmax: { max: { field: 'v' } }, fsum: { sum: { field: 'v' } }, dmax: { max: { field: 'd' } } } })).json.aggregations;
    expect(r.fmax.value).toBe(Math.fround(200.3));
    expect(r.fsum.value).toBe(Math.fround(100.5) + Math.fround(200.3) + 1);
    expect(r.dmax.value).toBe(200.3);
  });

  it('adds doc_count_error_upper_bound to each bucket only with show_term_doc_count_error', async () => {
    const with_ = (await f.raw('POST', '/m/_search', { size: 0, aggs: { t: { terms: { field: 'k', show_term_doc_count_error: true } } } })).json.aggregations.t;
    expect(with_.buckets).toEqual([{ key: 'a', doc_count: 2, doc_count_error_upper_bound: 0 }, { key: 'b', doc_count: 1, doc_count_error_upper_bound: 0 }]);
    const without = (await f.raw('POST', '/m/_search', { size: 0, aggs: { t: { terms: { field: 'k' } } } })).json.aggregations.t;
    expect(without.buckets[0]).toEqual({ key: 'a', doc_count: 2 });
  });
});

describe('embedded cluster: nested and reverse_nested aggregations', () => {
  let f: ClusterFixture;
  beforeAll(async () => {
    f = await startFixture();
    await f.client.indices.create({ index: 'books', body: { mappings: { properties: { tag: { type: 'keyword' }, reviews: { type: 'nested', properties: { stars: { type: 'integer' }, by: { type: 'keyword' } } } } } } });
    const docs = [
      { tag: 'a', reviews: [{ stars: 5, by: 'x' }, { stars: 3, by: 'y' }] },
      { tag: 'b', reviews: { stars: 4, by: 'x' } },
      { tag: 'c' },
    ];
    await f.client.bulk({ body: docs.flatMap((d) => [{ index: { _index: 'books' } }, d]), refresh: 'true' });
  });
  afterAll(() => f.close());

  it('counts nested objects and aggregates each one on its own', async () => {
    const body = { size: 0, aggs: { r: { nested: { path: 'reviews' }, aggs: { top: { max: { field: 'reviews.stars' } }, by: { terms: { field: 'reviews.by' }, aggs: { books: { reverse_nested: {}, aggs: { tags: { terms: { field: 'tag' } } } } } } } } } };
    const r = (await f.raw('POST', '/books/_search', body)).json.aggregations.r;
    expect(r.doc_count).toBe(3);
    expect(r.top.value).toBe(5);
    expect(r.by.buckets[0]).toMatchObject({ key: 'x', doc_count: 2, books: { doc_count: 2, tags: { buckets: [{ key: 'a', doc_count: 1 }, { key: 'b', doc_count: 1 }] } } });
  });

  it('refuses a path that is not nested and counts nothing for an unmapped one', async () => {
    expect((await f.raw('POST', '/books/_search', { size: 0, aggs: { r: { nested: { path: 'tag' } } } })).status).toBe(400);
    expect((await f.raw('POST', '/books/_search', { size: 0, aggs: { r: { nested: { path: 'nowhere' } } } })).json.aggregations.r).toEqual({ doc_count: 0 });
  });
});
