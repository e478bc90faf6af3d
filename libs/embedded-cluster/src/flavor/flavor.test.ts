import { type ClusterFixture, startFixture } from '../test/cluster-fixture';

describe('cluster flavors', () => {
  describe('elasticsearch-8', () => {
    let f: ClusterFixture;
    beforeAll(async () => {
      f = await startFixture({ flavor: 'elasticsearch-8' });
      await f.raw('PUT', '/docs', { settings: { number_of_shards: 2 } });
      await f.raw('POST', '/docs/_bulk?refresh=true', '{"index":{"_id":"a"}}\n{"n":1}\n{"index":{"_id":"b"}}\n{"n":2}\n');
    });
    afterAll(() => f.close());

    it('answers GET / as Elasticsearch, with the product header on every answer', async () => {
      const root = await f.raw('GET', '/');
      expect(root.headers.get('x-elastic-product')).toBe('Elasticsearch');
      expect(root.json.version).toMatchObject({ number: expect.stringMatching(/^8\./), build_flavor: 'default' });
      expect(root.json.version.distribution).toBeUndefined();
      expect(root.json.tagline).toBe('You Know, for Search');
      const missing = await f.raw('GET', '/nope/_search');
      expect(missing.status).toBe(404);
      expect(missing.headers.get('x-elastic-product')).toBe('Elasticsearch');
    });

    it('serves _pit and has no OpenSearch point-in-time routes', async () => {
      const pit = await f.raw('POST', '/docs/_pit?keep_alive=1m');
      expect(pit.status).toBe(200);
      expect(typeof pit.json.id).toBe('string');
      await f.raw('POST', '/docs/_bulk?refresh=true', '{"index":{"_id":"c"}}\n{"n":3}\n');
      const hits = await f.raw('POST', '/_search', { pit: { id: pit.json.id, keep_alive: '1m' }, size: 10 });
      expect(hits.json.hits.hits.map((h: { _id: string }) => h._id).sort()).toEqual(['a', 'b']);
      expect(await f.raw('DELETE', '/_pit', { id: pit.json.id })).toMatchObject({ status: 200, json: { succeeded: true, num_freed: 1 } });
      expect(await f.raw('DELETE', '/_pit', { id: pit.json.id })).toMatchObject({ status: 404, json: { succeeded: true, num_freed: 0 } });
      expect((await f.raw('POST', '/docs/_pit')).status).toBe(400);
      const os = await f.raw('POST', '/docs/_search/point_in_time?keep_alive=1m');
      expect(os).toMatchObject({ status: 400, json: { error: 'no handler found for uri [/docs/_search/point_in_time?keep_alive=1m] and method [POST]' } });
    });
  });

  describe('opensearch-1', () => {
    let f: ClusterFixture;
    beforeAll(async () => {
      f = await startFixture({ flavor: 'opensearch-1' });
    });
    afterAll(() => f.close());

    it('answers GET / as OpenSearch 1.3 and has no point-in-time at all', async () => {
      const root = await f.raw('GET', '/');
      expect(root.json.version).toMatchObject({ distribution: 'opensearch', number: expect.stringMatching(/^1\.3\./) });
      expect(root.headers.get('x-elastic-product')).toBeNull();
      await f.raw('PUT', '/docs', {});
      for (const [method, path] of [['POST', '/docs/_search/point_in_time?keep_alive=1m'], ['DELETE', '/_search/point_in_time'], ['POST', '/docs/_pit?keep_alive=1m']]) {
        const res = await f.raw(method, path);
        expect(res.status).toBe(400);
        expect(res.json).toEqual({ error: `no handler found for uri [${path}] and method [${method}]` });
      }
    });
  });

  it('opensearch-3 (the default) keeps its point-in-time and error envelope', async () => {
    const f = await startFixture();
    try {
      await f.raw('PUT', '/docs', {});
      expect((await f.raw('POST', '/docs/_search/point_in_time?keep_alive=1m')).json.pit_id).toEqual(expect.any(String));
      expect((await f.raw('GET', '/_nope/x/y')).json.error.type).toBe('illegal_argument_exception');
    } finally {
      await f.close();
    }
  });
});
