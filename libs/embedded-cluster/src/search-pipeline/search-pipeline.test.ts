import { type ClusterFixture, startFixture } from '../test/cluster-fixture';

describe('search pipelines over HTTP', () => {
  let f: ClusterFixture;
  const ids = (res: { json: any }) => res.json.hits.hits.map((h: any) => h._id);
  beforeAll(async () => {
    f = await startFixture({ name: 'pipes' });
    await f.client.bulk({
      refresh: 'true',
      body: [
        { index: { _index: 'movies', _id: '1' } }, { title: 'Moneyball', year: 2011, names: ['b', 'c', 'a'], csv: 'x,y,,' },
        { index: { _index: 'movies', _id: '2' } }, { title: 'Drive', year: 1960, names: 'not a list', csv: 3 },
      ],
    });
  });
  afterAll(() => f.close());

  it('stores, lists, gets and deletes pipelines; they survive a restart', async () => {
    const def = { description: 'old films', request_processors: [{ filter_query: { tag: 't', query: { range: { year: { lte: 2000 } } } } }] };
    expect((await f.raw('PUT', '/_search/pipeline/old', def)).json).toEqual({ acknowledged: true });
    expect((await f.raw('PUT', '/_search/pipeline/empty', {})).status).toBe(200);
    expect((await f.raw('GET', '/_search/pipeline/old')).json).toEqual({ old: def });
    expect(Object.keys((await f.raw('GET', '/_search/pipeline')).json)).toEqual(['empty', 'old']);
    expect(Object.keys((await f.raw('GET', '/_search/pipeline/o*,empty')).json)).toEqual(['empty', 'old']);
    expect((await f.raw('GET', '/_search/pipeline/none')).status).toBe(404);
    const again = await startFixture({ dataDir: f.dataDir });
    try {
      expect((await again.raw('GET', '/_search/pipeline/old')).json.old.description).toBe('old films');
    } finally {
      await again.close();
    }
    expect((await f.raw('DELETE', '/_search/pipeline/empty')).json).toEqual({ acknowledged: true });
    expect((await f.raw('DELETE', '/_search/pipeline/empty')).json.error.type).toBe('resource_not_found_exception');
  });

  it.each([
    [{ request_processors: [{ no_such: {} }] }, 'illegal_argument_exception'],
    [{ response_processors: [{ rename_field: { field: 'a' } }] }, 'parse_exception'],
    [{ response_processors: [{ sort: { field: 'a', order: 'sideways' } }] }, 'parse_exception'],
    [{ response_processors: [{ split: { field: 'a', separator: '(a+)+' } }] }, 'parse_exception'],
    [{ request_processors: [{ script: { source: 'int x = ;' } }] }, 'script_exception'],
    [{ unknown_key: [] }, 'parse_exception'],
  ])('refuses an invalid definition %j with a 400', async (def, type) => {
    const res = await f.raw('PUT', '/_search/pipeline/bad', def);
    expect(res.status).toBe(400);
    expect(res.json.error.type).toBe(type);
  });

  it('applies request processors by name, from the body, and as the index default; _none skips', async () => {
    expect(ids(await f.raw('POST', '/movies/_search?search_pipeline=old', {}))).toEqual(['2']);
    const inline = { search_pipeline: { request_processors: [{ filter_query: { query: { term: { year: 2011 } } } }] } };
    expect(ids(await f.raw('POST', '/movies/_search', inline))).toEqual(['1']);
    await f.raw('PUT', '/_search/pipeline/small', { request_processors: [{ script: { source: 'ctx.size = 1' } }] });
    expect(ids(await f.raw('POST', '/movies/_search?search_pipeline=small', { sort: [{ year: 'asc' }] }))).toEqual(['2']);
    await f.client.indices.putSettings({ index: 'movies', body: { 'index.search.default_pipeline': 'old' } });
    expect(ids(await f.raw('POST', '/movies/_search', {}))).toEqual(['2']);
    expect(ids(await f.raw('POST', '/movies/_search?search_pipeline=_none', { sort: [{ year: 'asc' }] }))).toEqual(['2', '1']);
    await f.client.indices.putSettings({ index: 'movies', body: { 'index.search.default_pipeline': '_none' } });
    expect((await f.raw('POST', '/movies/_search?search_pipeline=missing', {})).status).toBe(404);
  });

  it('rewrites hits with rename_field, split, sort, truncate_hits and collapse, skipping values of the wrong kind', async () => {
    await f.raw('PUT', '/_search/pipeline/shape', {
      response_processors: [
        { split: { field: 'csv', separator: ',', target_field: 'parts' } },
        { sort: { field: 'names', order: 'desc', target_field: 'sorted' } },
        { rename_field: { field: 'title', target_field: 'name' } },
      ],
    });
    const res = await f.raw('POST', '/movies/_search?search_pipeline=shape', { sort: [{ year: 'desc' }] });
    expect(res.json.hits.hits.map((h: any) => h._source)).toEqual([
      { year: 2011, names: ['b', 'c', 'a'], csv: 'x,y,,', parts: ['x', 'y'], sorted: ['c', 'b', 'a'], name: 'Moneyball' },
      { year: 1960, names: 'not a list', csv: 3, name: 'Drive' },
    ]);
    await f.raw('PUT', '/_search/pipeline/strict', { response_processors: [{ rename_field: { field: 'absent', target_field: 'x' } }] });
    expect((await f.raw('POST', '/movies/_search?search_pipeline=strict', {})).status).toBe(400);
    await f.raw('PUT', '/_search/pipeline/lenient', { response_processors: [{ rename_field: { field: 'absent', target_field: 'x', ignore_failure: true } }, { truncate_hits: { target_size: 1 } }] });
    expect(ids(await f.raw('POST', '/movies/_search?search_pipeline=lenient', { sort: [{ year: 'asc' }] }))).toEqual(['2']);
    await f.raw('PUT', '/_search/pipeline/one', { response_processors: [{ collapse: { field: 'kind' } }] });
    expect(ids(await f.raw('POST', '/movies/_search?search_pipeline=one', {}))).toHaveLength(1);
  });

  it('reports processor_results with verbose_pipeline=true only', async () => {
    const plain = await f.raw('GET', '/movies/_search?search_pipeline=shape&verbose_pipeline=false');
    expect(plain.json.processor_results).toBeUndefined();
    const verbose = await f.raw('GET', '/movies/_search?search_pipeline=old&verbose_pipeline=true');
    expect(verbose.json.processor_results).toEqual([
      expect.objectContaining({ processor_name: 'filter_query', tag: 't', status: 'success', input_data: {}, output_data: { query: { bool: { must: [{ match_all: {} }], filter: [{ range: { year: { lte: 2000 } } }] } } } }),
    ]);
  });
});
