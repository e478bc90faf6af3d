import { type ClusterFixture, startFixture } from '../test/cluster-fixture';

describe('embedded cluster: _recovery, _segments, _shard_stores', () => {
  let f: ClusterFixture;

  beforeAll(async () => {
    f = await startFixture();
    await f.client.indices.create({ index: 'films', body: { settings: { number_of_shards: 2, number_of_replicas: 0 } } });
    await f.client.index({ index: 'films', id: '1', body: { title: 'Alien' }, refresh: true });
  });
  afterAll(() => f.close());

  it('reports each primary as recovered from an empty store when the index was created', async () => {
    const { body } = await f.client.indices.recovery({ index: 'films' });
    expect(body.films.shards).toHaveLength(2);
    expect(body.films.shards[0]).toMatchObject({ id: 0, type: 'EMPTY_STORE', stage: 'DONE', primary: true, translog: { total: 0 } });
  });

  it('describes the shard holding the document as one segment and the empty shard as none', async () => {
    const { body } = await f.client.indices.segments({ index: 'films' });
    const shards = Object.values(body.indices.films.shards) as { num_search_segments: number; segments: Record<string, { num_docs: number }> }[][];
    expect(shards.map((s) => s[0].num_search_segments).sort()).toEqual([0, 1]);
    const docs = shards.flatMap((s) => Object.values(s[0].segments).map((seg) => seg.num_docs));
    expect(docs).toEqual([1]);
  });

  it.each([
    [['all' as const], 2],
    [['yellow' as const, 'red' as const], 0],
  ])('lists shard stores for status=%s', async (status, shards) => {
    const { body } = await f.client.indices.shardStores({ index: 'films', status });
    expect(Object.keys(body.indices.films?.shards ?? {})).toHaveLength(shards);
  });
});
