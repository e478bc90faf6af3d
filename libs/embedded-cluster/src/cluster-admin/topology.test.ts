import { type ClusterFixture, startFixture } from '../test/cluster-fixture';

describe('embedded cluster: _search_shards, _remote/info, _nodes/usage, rest_total_hits_as_int', () => {
  let f: ClusterFixture;

  beforeAll(async () => {
    f = await startFixture();
    await f.client.indices.create({ index: 'books', body: { settings: { number_of_shards: 2 } } });
    await f.client.index({ index: 'books', id: '1', body: { t: 'x' }, refresh: true });
  });
  afterAll(() => f.close());

  it('lists the shard copies a search would read', async () => {
    const { body } = await f.client.searchShards({ index: 'books' });
    expect(body.shards.map((s: { shard: number; primary: boolean }[]) => [s[0].shard, s[0].primary])).toEqual([[0, true], [1, true]]);
    expect(Object.keys(body.indices)).toEqual(['books']);
  });

  it('lists the remote clusters the settings name', async () => {
    await f.client.cluster.putSettings({ body: { persistent: { 'cluster.remote.leader.seeds': ['127.0.0.1:9300'] } } });
    const { body } = await f.client.cluster.remoteInfo();
    expect(body.leader).toMatchObject({ seeds: ['127.0.0.1:9300'], connected: false, mode: 'sniff' });
  });

  it('counts answered requests per route', async () => {
    await f.raw('GET', '/books/_search');
    const r = (await f.raw('GET', '/_nodes/usage/rest_actions')).json;
    const counts = Object.values(r.nodes as Record<string, { rest_actions: Record<string, number> }>)[0].rest_actions;
    expect(counts['GET /{index}/_search']).toBeGreaterThanOrEqual(1);
  });

  it('renders hits.total as a number with rest_total_hits_as_int', async () => {
    expect((await f.raw('GET', '/books/_search?rest_total_hits_as_int=true')).json.hits.total).toBe(1);
  });
});
