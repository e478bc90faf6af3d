import { type ClusterFixture, startFixture } from './cluster-fixture';

const JSON_TYPE = 'application/json; charset=UTF-8';

describe('embedded cluster: core REST API through the official client', () => {
  let f: ClusterFixture;
  beforeAll(async () => {
    f = await startFixture({ name: 'leader' });
  });
  afterAll(() => f.close());

  it('answers GET / and HEAD / like OpenSearch 2.x', async () => {
    const { body } = await f.client.info();
    expect(body).toMatchObject({ name: 'leader', cluster_name: 'leader', tagline: 'The OpenSearch Project: https://opensearch.org/' });
    expect(body.version.distribution).toBe('opensearch');
    expect(body.version.number).toMatch(/^3\.\d+\.\d+$/);
    expect(body.cluster_uuid).toHaveLength(22);
    const head = await f.raw('HEAD', '/');
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe(JSON_TYPE);
  });

  it('creates, reads, checks and deletes indices', async () => {
    const created = await f.client.indices.create({
      index: 'books',
      body: { settings: { number_of_shards: 3, number_of_replicas: 0 }, mappings: { properties: { title: { type: 'text' } } }, aliases: { library: {} } },
    });
    expect(created.body).toEqual({ acknowledged: true, shards_acknowledged: true, index: 'books' });
    const got = await f.client.indices.get({ index: 'books' });
    expect((got.body as any).books.settings.index).toMatchObject({ number_of_shards: '3', number_of_replicas: '0', provided_name: 'books' });
    expect((got.body as any).books.mappings).toEqual({ properties: { title: { type: 'text' } } });
    expect((got.body as any).books.aliases).toEqual({ library: {} });
    expect((await f.client.indices.exists({ index: 'books' })).body).toBe(true);
    expect((await f.client.indices.exists({ index: 'nope' })).body).toBe(false);
    const dup = await f.raw('PUT', '/books', {});
    expect(dup.status).toBe(400);
    expect(dup.json.error.type).toBe('resource_already_exists_exception');
    const bad = await f.raw('PUT', '/Books', {});
    expect(bad.json.error).toMatchObject({ type: 'invalid_index_name_exception', reason: 'Invalid index name [Books], must be lowercase' });
    await f.client.indices.create({ index: 'scratch' });
    expect((await f.client.indices.delete({ index: 'scratch' })).body).toEqual({ acknowledged: true });
    const missing = await f.raw('DELETE', '/scratch');
    expect(missing.status).toBe(404);
    expect(missing.json.error.type).toBe('index_not_found_exception');
    expect(missing.headers.get('content-type')).toBe(JSON_TYPE);
  });

  it('indexes, gets and deletes documents with per-shard seq_no', async () => {
    await f.client.indices.create({ index: 'seq', body: { settings: { number_of_shards: 1 } } });
    const a = await f.client.index({ index: 'seq', id: 'a', body: { n: 1 } });
    expect(a.body).toMatchObject({ _index: 'seq', _id: 'a', _version: 1, result: 'created', _seq_no: 0, _primary_term: 1, _shards: { total: 2, successful: 1, failed: 0 } });
    const b = await f.client.index({ index: 'seq', id: 'a', body: { n: 2 } });
    expect(b.body).toMatchObject({ _version: 2, result: 'updated', _seq_no: 1 });
    const got = await f.client.get({ index: 'seq', id: 'a' });
    expect(got.body).toEqual({ _index: 'seq', _id: 'a', _version: 2, _seq_no: 1, _primary_term: 1, found: true, _source: { n: 2 } });
    const c = await f.client.create({ index: 'seq', id: 'c', body: { n: 3 } });
    expect(c.body._seq_no).toBe(2);
    const del = await f.client.delete({ index: 'seq', id: 'c' });
    expect(del.body).toMatchObject({ result: 'deleted', _version: 2, _seq_no: 3 });
    const gone = await f.raw('GET', '/seq/_doc/c');
    expect(gone.status).toBe(404);
    expect(gone.json).toEqual({ _index: 'seq', _id: 'c', found: false });
    const auto = await f.client.index({ index: 'seq', body: { n: 9 } });
    expect(auto.body._id).toHaveLength(20);
    const stats = await f.client.indices.stats({ index: 'seq', level: 'shards' });
    const shard = (stats.body as any).indices.seq.shards['0'][0];
    expect(shard.seq_no).toEqual({ max_seq_no: 4, local_checkpoint: 4, global_checkpoint: 4 });
    expect(shard.indexing).toMatchObject({ index_total: 4, delete_total: 1 });
    expect(shard.routing).toMatchObject({ state: 'STARTED', primary: true });
  });

  it('runs _bulk with per-item results and the errors flag', async () => {
    const body = [
      { index: { _index: 'bulk', _id: '1' } }, { v: 1 },
      { create: { _index: 'bulk', _id: '1' } }, { v: 2 },
      { delete: { _index: 'bulk', _id: 'missing' } },
      { index: { _index: 'bulk' } }, { v: 3 },
    ];
    const r = await f.client.bulk({ body, refresh: 'true' });
    expect(r.body.errors).toBe(true);
    const items = r.body.items as Record<string, any>[];
    expect(items[0].index).toMatchObject({ _id: '1', status: 201, result: 'created', _seq_no: 0 });
    expect(items[1].create).toMatchObject({ status: 409, error: { type: 'version_conflict_engine_exception', reason: '[1]: version conflict, document already exists (current version [1])' } });
    expect(items[2].delete).toMatchObject({ status: 404, result: 'not_found' });
    expect(items[3].index).toMatchObject({ status: 201, result: 'created' });
    const count = await f.client.count({ index: 'bulk' });
    expect(count.body.count).toBe(2);
  });

  it('searches with term, terms, range, ids, bool, sort, paging and search_after', async () => {
    const docs = Array.from({ length: 30 }, (_, i) => ({ id: `d${i}`, tag: i % 3 === 0 ? 'fizz' : 'plain', n: i, title: `book number ${i}` }));
    await f.client.bulk({ body: docs.flatMap(({ id, ...d }) => [{ index: { _index: 'search', _id: id } }, d]), refresh: 'true' });
    const s = async (body: Record<string, unknown>, params: Record<string, unknown> = {}): Promise<any> =>
      (await f.client.search({ index: 'search', body, ...params })).body;
    expect((await s({ query: { term: { tag: 'fizz' } }, size: 0 })).hits.total).toEqual({ value: 10, relation: 'eq' });
    expect((await s({ query: { terms: { 'tag.keyword': ['fizz'] } }, size: 0 })).hits.total.value).toBe(10);
    expect((await s({ query: { range: { n: { gte: 10, lt: 20 } } }, size: 0 })).hits.total.value).toBe(10);
    expect((await s({ query: { ids: { values: ['d1', 'd2', 'zz'] } } })).hits.hits.map((h: any) => h._id).sort()).toEqual(['d1', 'd2']);
    const bool = await s({ query: { bool: { must: [{ term: { tag: 'fizz' } }], must_not: [{ range: { n: { lt: 10 } } }], filter: [{ exists: { field: 'title' } }] } }, sort: [{ n: 'desc' }] });
    expect(bool.hits.hits.map((h: any) => h._source.n)).toEqual([27, 24, 21, 18, 15, 12]);
    const page = await s({ query: { match_all: {} }, sort: [{ _seq_no: 'asc' }], size: 5, from: 5, seq_no_primary_term: true, version: true });
    expect(page.hits.hits.map((h: any) => h._seq_no)).toEqual([5, 6, 7, 8, 9]);
    expect(page.hits.hits[0]).toMatchObject({ _version: 1, _primary_term: 1, sort: [5], _score: null });
    const after = await s({ query: { range: { _seq_no: { gt: 20 } } }, sort: [{ _seq_no: 'asc' }], size: 3, search_after: [22] });
    expect(after.hits.hits.map((h: any) => h._seq_no ?? h.sort[0])).toEqual([23, 24, 25]);
    expect(after.hits.total).toEqual({ value: 9, relation: 'eq' });
  });

  it('routes documents like OpenSearch and filters shards with preference=_shards:N', async () => {
    await f.client.indices.create({ index: 'routed', body: { settings: { number_of_shards: 8, number_of_routing_shards: 8 } } });
    // OperationRoutingTests.testBWC: these ids land in shards 1, 7 and 0.
    for (const id of ['sEERfFzPSI', 'cNRiIrjzYd', 'hswhrppvDH']) await f.client.index({ index: 'routed', id, body: { id } });
    await f.client.index({ index: 'routed', id: 'x', routing: 'cNRiIrjzYd', body: { id: 'x' } });
    await f.client.indices.refresh({ index: 'routed' });
    const onShard = async (n: number) =>
      (await f.client.search({ index: 'routed', preference: `_shards:${n}`, body: { sort: ['_id'] } })).body.hits.hits.map((h: any) => h._id);
    expect(await onShard(1)).toEqual(['sEERfFzPSI']);
    expect(await onShard(7)).toEqual(['cNRiIrjzYd', 'x']);
    expect(await onShard(0)).toEqual(['hswhrppvDH']);
    const routedGet = await f.client.get({ index: 'routed', id: 'x', routing: 'cNRiIrjzYd' });
    expect(routedGet.body._routing).toBe('cNRiIrjzYd');
    const stats = await f.client.indices.stats({ index: 'routed', level: 'shards' });
    expect((stats.body as any).indices.routed.shards['7'][0].seq_no.max_seq_no).toBe(1);
    expect((stats.body as any).indices.routed.shards['3'][0].seq_no.max_seq_no).toBe(-1);
  });

  it('reports cluster health and renders errors in the OpenSearch envelope', async () => {
    const h = await f.client.cluster.health();
    expect(h.body).toMatchObject({ cluster_name: 'leader', number_of_nodes: 1, status: 'yellow' });
    const bad = await f.raw('POST', '/search/_search', { query: { nope: {} } });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatchObject({ type: 'parsing_exception', reason: 'unknown query [nope]' });
    const broken = await f.raw('POST', '/search/_search', '{not json');
    expect(broken.status).toBe(400);
  });
});
