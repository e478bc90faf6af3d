import { type ClusterFixture, startFixture } from './cluster-fixture';

const DOCS = [
  { id: '1', title: 'The Quick Brown Fox', body: 'jumps over the lazy dog', tags: ['animal', 'classic'], price: 10, ts: '2024-01-01T10:00:00Z', sold: true },
  { id: '2', title: 'Lazy Afternoon', body: 'a dog sleeps in the sun', tags: ['animal'], price: 25, ts: '2024-01-01T12:00:00Z', sold: false },
  { id: '3', title: 'Brown Bread Recipes', body: 'bake bread with flour', tags: ['food'], price: 7.5, ts: '2024-01-02T09:00:00Z', sold: true },
  { id: '4', title: 'Fox Hunting History', body: 'old english tradition', tags: ['history'], price: 40, ts: '2024-01-03T18:00:00Z' },
];

describe('embedded cluster: search features', () => {
  let f: ClusterFixture;
  const search = async (body: Record<string, unknown>, qs = ''): Promise<any> => (await f.raw('POST', `/shop/_search${qs}`, body)).json;
  const ids = (r: any) => r.hits.hits.map((h: { _id: string }) => h._id);

  beforeAll(async () => {
    f = await startFixture();
    await f.client.bulk({ body: DOCS.flatMap(({ id, ...d }) => [{ index: { _index: 'shop', _id: id } }, d]), refresh: 'true' });
  });
  afterAll(() => f.close());

  it.each([
    [{ match: { title: 'brown fox' } }, ['1', '3', '4']],
    [{ match: { title: { query: 'brown fox', operator: 'and' } } }, ['1']],
    [{ match_phrase: { body: 'lazy dog' } }, ['1']],
    [{ multi_match: { query: 'dog', fields: ['title', 'body'] } }, ['1', '2']],
    [{ query_string: { query: 'title:fox AND tags:history' } }, ['4']],
    [{ query_string: { query: 'bread OR sun' } }, ['2', '3']],
    [{ prefix: { 'title.keyword': 'Brown' } }, ['3']],
    [{ wildcard: { 'tags.keyword': 'anim*' } }, ['1', '2']],
    [{ exists: { field: 'sold' } }, ['1', '2', '3']],
    [{ range: { ts: { gte: '2024-01-02', lt: '2024-01-03T12:00:00Z' } } }, ['3']],
    [{ range: { price: { gt: 7.5, lte: 25 } } }, ['1', '2']],
    [{ bool: { should: [{ term: { tags: 'animal' } }, { term: { tags: 'food' } }, { term: { sold: true } }], minimum_should_match: 2 } }, ['1', '3']],
    [{ match_none: {} }, []],
  ])('%j matches %j', async (query, expected) => {
    const r = await search({ query, size: 10 });
    expect(ids(r).sort()).toEqual(expected);
  });

  it('scores analyzed matches above partial ones', async () => {
    const r = await search({ query: { match: { title: 'brown fox' } } });
    expect(ids(r)[0]).toBe('1');
    expect(r.hits.max_score).toBe(r.hits.hits[0]._score);
  });

  it('filters _source, tracks totals and sorts by fields', async () => {
    const r = await search({ query: { match_all: {} }, _source: { includes: ['title', 'price'] }, sort: [{ price: 'desc' }], size: 2 });
    expect(r.hits.hits.map((h: any) => h._source)).toEqual([{ title: 'Fox Hunting History', price: 40 }, { title: 'Lazy Afternoon', price: 25 }]);
    expect(r.hits.hits[0].sort).toEqual([40]);
    const none = await search({ _source: false, size: 1 });
    expect(none.hits.hits[0]._source).toBeUndefined();
    const capped = await search({ track_total_hits: 2, size: 0 });
    expect(capped.hits.total).toEqual({ value: 2, relation: 'gte' });
    const untracked = await search({ track_total_hits: false, size: 0 });
    expect(untracked.hits.total).toBeUndefined();
    const q = await f.raw('GET', '/shop/_search?q=title:bread&_source_includes=title');
    expect(q.json.hits.hits).toEqual([expect.objectContaining({ _id: '3', _source: { title: 'Brown Bread Recipes' } })]);
  });

  it('aggregates terms, metrics, cardinality and date histograms with size 0', async () => {
    const r = await search({
      size: 0,
      aggs: {
        tags: { terms: { field: 'tags.keyword' } },
        min: { min: { field: 'price' } },
        max: { max: { field: 'price' } },
        avg: { avg: { field: 'price' } },
        sum: { sum: { field: 'price' } },
        count: { value_count: { field: 'price' } },
        distinct: { cardinality: { field: 'tags.keyword' } },
        days: { date_histogram: { field: 'ts', calendar_interval: 'day' }, aggs: { spent: { sum: { field: 'price' } } } },
      },
    });
    expect(r.hits.hits).toEqual([]);
    expect(r.aggregations.tags.buckets).toEqual([
      { key: 'animal', doc_count: 2 },
      { key: 'classic', doc_count: 1 },
      { key: 'food', doc_count: 1 },
      { key: 'history', doc_count: 1 },
    ]);
    expect(r.aggregations).toMatchObject({ min: { value: 7.5 }, max: { value: 40 }, avg: { value: 20.625 }, sum: { value: 82.5 }, count: { value: 4 }, distinct: { value: 4 } });
    expect(r.aggregations.days.buckets).toEqual([
      { key_as_string: '2024-01-01T00:00:00.000Z', key: Date.UTC(2024, 0, 1), doc_count: 2, spent: { value: 35 } },
      { key_as_string: '2024-01-02T00:00:00.000Z', key: Date.UTC(2024, 0, 2), doc_count: 1, spent: { value: 7.5 } },
      { key_as_string: '2024-01-03T00:00:00.000Z', key: Date.UTC(2024, 0, 3), doc_count: 1, spent: { value: 40 } },
    ]);
  });

  it('updates partially, upserts, reports noop and reads with _mget', async () => {
    const u = await f.client.update({ index: 'shop', id: '1', body: { doc: { price: 11 } } });
    expect(u.body).toMatchObject({ result: 'updated', _version: 2 });
    const noop = await f.client.update({ index: 'shop', id: '1', body: { doc: { price: 11 } } });
    expect(noop.body.result).toBe('noop');
    const up = await f.client.update({ index: 'shop', id: '9', body: { doc: { title: 'new' }, doc_as_upsert: true } });
    expect(up.body).toMatchObject({ result: 'created', _version: 1 });
    const missing = await f.raw('POST', '/shop/_update/404', { doc: { a: 1 } });
    expect(missing.status).toBe(404);
    expect(missing.json.error).toMatchObject({ type: 'document_missing_exception', reason: '[404]: document missing' });
    const got = await f.client.mget({ index: 'shop', body: { ids: ['1', '404'] } });
    expect(got.body.docs).toEqual([
      expect.objectContaining({ _id: '1', found: true, _version: 2, _source: expect.objectContaining({ price: 11, title: 'The Quick Brown Fox' }) }),
      { _index: 'shop', _id: '404', found: false },
    ]);
    const bulk = await f.client.bulk({ body: [{ update: { _index: 'shop', _id: '2' } }, { doc: { price: 26 } }, { update: { _index: 'shop', _id: 'zz' } }, { doc: { a: 1 } }] });
    expect(bulk.body.items[0].update).toMatchObject({ status: 200, result: 'updated' });
    expect(bulk.body.items[1].update).toMatchObject({ status: 404, error: { type: 'document_missing_exception' } });
  });

  it('splits a point-in-time into disjoint _id slices', async () => {
    await f.client.indices.refresh({ index: 'shop' });
    const pit = (await f.raw('POST', '/shop/_search/point_in_time?keep_alive=1m')).json.pit_id;
    const ids: string[] = [];
    for (const id of [0, 1, 2]) {
      const r = await f.raw('POST', '/_search?preference=_shards:0', { pit: { id: pit }, size: 100, track_total_hits: true, slice: { field: '_id', id, max: 3 } });
      ids.push(...r.json.hits.hits.map((h: { _id: string }) => h._id));
      expect(r.json.hits.total.value).toBe(r.json.hits.hits.length);
    }
    expect(ids.sort()).toEqual(['1', '2', '3', '4', '9']);
    const bad = await f.raw('POST', '/_search', { pit: { id: pit }, slice: { id: 3, max: 3 } });
    expect(bad.json.error.reason).toBe('max must be greater than id');
  });
});
