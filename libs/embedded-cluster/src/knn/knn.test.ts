import { type ClusterFixture, startFixture } from '../test/cluster-fixture';
import { distance, scoreOf } from './knn-query';

describe('k-NN scoring', () => {
  it.each([
    ['l2', [1, 2], [3, 4], 8, 1 / 9],
    ['l1', [1, 2], [3, 5], 5, 1 / 6],
    ['linf', [1, 2], [3, 7], 5, 1 / 6],
    ['cosinesimil', [1, 0], [0, 1], 1, 0.5],
    ['cosinesimil', [1, 1], [2, 2], 0, 1],
    ['innerproduct', [1, 1], [3, 3], -6, 7],
    ['innerproduct', [1, 1], [-1, 0], 1, 0.5],
  ] as const)('%s of %j and %j: distance %d, score %d', (space, a, b, d, s) => {
    expect(distance(space, [...a], [...b])).toBeCloseTo(d, 10);
    expect(scoreOf(space, distance(space, [...a], [...b]))).toBeCloseTo(s, 10);
  });
});

describe('knn_vector fields and the knn query', () => {
  let f: ClusterFixture;
  const search = async (knn: Record<string, unknown>, size?: number) => {
    const r = await f.raw('POST', '/vec/_search', { size, query: { knn: { v: knn } } });
    return { status: r.status, total: r.json.hits?.total?.value, hits: (r.json.hits?.hits ?? []).map((h: { _id: string; _score: number }) => [h._id, h._score]), error: r.json.error };
  };
  beforeAll(async () => {
    f = await startFixture();
    const mappings = { properties: { v: { type: 'knn_vector', dimension: 2, method: { name: 'hnsw', space_type: 'l2', engine: 'faiss' } }, tag: { type: 'keyword' } } };
    expect((await f.raw('PUT', '/vec', { settings: { index: { knn: true, number_of_replicas: 0 } }, mappings })).status).toBe(200);
    const docs = [[0, 0, 'a'], [1, 0, 'b'], [2, 0, 'a'], [3, 0, 'b'], [10, 0, 'a']];
    for (const [i, [x, y, tag]] of docs.entries()) await f.raw('PUT', `/vec/_doc/${i}`, { v: [x, y], tag });
    await f.raw('PUT', '/vec/_doc/novec', { tag: 'a' });
    await f.raw('POST', '/vec/_refresh');
  });
  afterAll(() => f.close());

  it('returns the k nearest by 1/(1 + squared l2), capped by size', async () => {
    const r = await search({ vector: [0.9, 0], k: 3 });
    expect(r.total).toBe(3);
    expect(r.hits.map((h: [string, number]) => h[0])).toEqual(['1', '0', '2']);
    expect(r.hits[0][1]).toBeCloseTo(1 / (1 + 0.01), 6);
    expect(r.hits[1][1]).toBeCloseTo(1 / (1 + 0.81), 6);
    const sized = await search({ vector: [0.9, 0], k: 3 }, 1);
    expect(sized.total).toBe(3);
    expect(sized.hits.map((h: [string, number]) => h[0])).toEqual(['1']);
  });

  it('filters before taking the top k', async () => {
    const r = await search({ vector: [0.9, 0], k: 2, filter: { term: { tag: 'b' } } });
    expect(r.hits.map((h: [string, number]) => h[0])).toEqual(['1', '3']);
    expect((await search({ vector: [0.9, 0], k: 1, filter: { term: { tag: 'none' } } })).total).toBe(0);
  });

  it('answers radial search by max_distance (squared l2) and min_score', async () => {
    expect((await search({ vector: [0, 0], max_distance: 4 })).hits.map((h: [string, number]) => h[0])).toEqual(['0', '1', '2']);
    expect((await search({ vector: [0, 0], min_score: 0.5 })).hits.map((h: [string, number]) => h[0])).toEqual(['0', '1']);
  });

  it('composes inside bool', async () => {
    const r = await f.raw('POST', '/vec/_search', { query: { bool: { must: [{ knn: { v: { vector: [10, 0], k: 2 } } }], filter: [{ term: { tag: 'a' } }] } } });
    // The knn clause takes the shard's 2 nearest (10 and 3) first; the bool filter then keeps tag a.
    expect(r.json.hits.hits.map((h: { _id: string }) => h._id)).toEqual(['4']);
  });

  it('keeps the top k in _count, _explain and _delete_by_query', async () => {
    const knn = { knn: { v: { vector: [0, 0], k: 2 } } };
    expect((await f.raw('POST', '/vec/_count', { query: knn })).json.count).toBe(2);
    expect((await f.raw('POST', '/vec/_explain/1', { query: knn })).json.matched).toBe(true);
    expect((await f.raw('POST', '/vec/_explain/2', { query: knn })).json.matched).toBe(false);
    await f.raw('PUT', '/gone', { mappings: { properties: { v: { type: 'knn_vector', dimension: 1 } } } });
    for (const x of [1, 2, 3]) await f.raw('PUT', `/gone/_doc/${x}`, { v: [x] });
    await f.raw('POST', '/gone/_refresh');
    const r = await f.raw('POST', '/gone/_delete_by_query?refresh=true', { query: { knn: { v: { vector: [0], k: 1 } } } });
    expect(r.json.deleted).toBe(1);
    expect((await f.raw('POST', '/gone/_count')).json.count).toBe(2);
  });

  it.each([
    [{ vector: [1, 0] }, 'illegal_argument_exception', '[knn] requires exactly one of k, distance or score to be set'],
    [{ vector: [1, 0], k: 1, min_score: 0.2 }, 'illegal_argument_exception', '[knn] requires exactly one of k, distance or score to be set'],
    [{ vector: [1, 0], k: 0 }, 'illegal_argument_exception', '[knn] requires k to be in the range (0, 10000]'],
    [{ vector: [1, 0, 0], k: 1 }, 'illegal_argument_exception', 'Query vector has invalid dimension: 3. Dimension should be: 2'],
    [{ vector: ['x', 0], k: 1 }, 'parsing_exception', '[knn] failed to parse field [vector]: values must be numbers'],
  ])('refuses the query %j with a 400', async (knn, type, reason) => {
    const r = await search(knn);
    expect(r.status).toBe(400);
    expect(r.error).toMatchObject({ type, reason });
  });

  it('refuses a knn query on a field that is not a knn_vector', async () => {
    const r = await f.raw('POST', '/vec/_search', { query: { knn: { tag: { vector: [1, 0], k: 1 } } } });
    expect(r.status).toBe(400);
    expect(r.json.error.reason).toBe("Field 'tag' is not knn_vector type.");
  });

  it.each([
    [[1, 2, 3], 'Vector dimension mismatch. Expected: 2, Given: 3'],
    [['a', 2], 'KNN vector values must be numbers, found ["a"]'],
    [{ x: 1 }, 'KNN vector values must be numbers, found [{"x":1}]'],
  ])('refuses the document vector %j with mapper_parsing_exception', async (v, cause) => {
    const r = await f.raw('PUT', '/vec/_doc/bad', { v });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ type: 'mapper_parsing_exception', caused_by: { type: 'illegal_argument_exception', reason: cause } });
  });

  it.each([
    [{ type: 'knn_vector' }, 'Dimension value missing for vector: e'],
    [{ type: 'knn_vector', dimension: 0 }, 'Dimension value must be greater than 0 for vector: e'],
    [{ type: 'knn_vector', dimension: 20000 }, 'Dimension value cannot be greater than 16000 for vector: e'],
    [{ type: 'knn_vector', dimension: 2, space_type: 'nope' }, 'Unable to find space: nope'],
  ])('refuses the mapping %j', async (mapping, reason) => {
    const r = await f.raw('PUT', '/badmap', { mappings: { properties: { e: mapping } } });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ type: 'mapper_parsing_exception', reason });
  });

  it('stores on_disk mode and compression_level as given', async () => {
    const e = { type: 'knn_vector', dimension: 2, space_type: 'cosinesimil', data_type: 'float', mode: 'on_disk', compression_level: '16x' };
    expect((await f.raw('PUT', '/disk', { settings: { index: { knn: true } }, mappings: { properties: { e } } })).status).toBe(200);
    expect((await f.raw('GET', '/disk/_mapping')).json.disk.mappings.properties.e).toEqual(e);
    await f.raw('PUT', '/disk/_doc/1?refresh=true', { e: [1, 1] });
    const r = await f.raw('POST', '/disk/_search', { query: { knn: { e: { vector: [1, 0], k: 1 } } } });
    expect(r.json.hits.hits[0]._score).toBeCloseTo((1 + Math.SQRT1_2) / 2, 6);
  });
});
