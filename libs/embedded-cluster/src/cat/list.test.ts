import { type ClusterFixture, startFixture } from '../test/cluster-fixture';

describe('embedded cluster: _list', () => {
  let f: ClusterFixture;
  beforeAll(async () => {
    f = await startFixture();
    for (const index of ['c', 'a', 'b', 'd']) await f.client.indices.create({ index, body: { settings: { number_of_shards: 2, number_of_replicas: 0 } } });
  });
  afterAll(() => f.close());

  const json = async (path: string) => (await f.raw('GET', path)).json;

  it('names its endpoints', async () => {
    const r = await f.raw('GET', '/_list');
    expect(r.text).toBe('=^.^=\n/_list/indices\n/_list/indices/{index}\n/_list/shards\n/_list/shards/{index}\n');
  });

  it('pages indices in creation order until next_token is null', async () => {
    const first = await json('/_list/indices?size=3&format=json');
    expect(first.indices.map((i: { index: string }) => i.index)).toEqual(['c', 'a', 'b']);
    const second = await json(`/_list/indices?size=3&format=json&next_token=${first.next_token}`);
    expect(second).toMatchObject({ next_token: null, indices: [{ index: 'd' }] });
    const desc = await json('/_list/indices?size=2&format=json&sort=desc');
    expect(desc.indices.map((i: { index: string }) => i.index)).toEqual(['d', 'b']);
  });

  it('keeps a page stable when an index before the token is deleted', async () => {
    const first = await json('/_list/indices?size=2&format=json');
    await f.client.indices.create({ index: 'e' });
    await f.client.indices.delete({ index: 'c' });
    const rest = await json(`/_list/indices?size=10&format=json&next_token=${first.next_token}`);
    expect(rest.indices.map((i: { index: string }) => i.index)).toEqual(['b', 'd', 'e']);
    await f.client.indices.create({ index: 'c', body: { settings: { number_of_shards: 2, number_of_replicas: 0 } } });
    await f.client.indices.delete({ index: 'e' });
  });

  it('pages shards by whole indices, and prints the token under the text table', async () => {
    const r = await json('/_list/shards?size=4&format=json');
    expect(r.shards).toHaveLength(4);
    expect(new Set(r.shards.map((s: { index: string }) => s.index)).size).toBe(2);
    const text = (await f.raw('GET', '/_list/shards/a?v')).text;
    expect(text.split('\n')[0]).toMatch(/^index\s+shard\s+prirep/);
    expect(text.trimEnd().split('\n').pop()).toBe('next_token null');
  });

  it.each([
    ['/_list/indices?next_token=garbage', /next_token/],
    ['/_list/indices?sort=up', /asc or desc/],
    ['/_list/indices?size=0', /size/],
  ])('refuses %s with a 400', async (path, reason) => {
    const r = await f.raw('GET', path);
    expect(r.status).toBe(400);
    expect(r.json.error.reason).toMatch(reason);
  });
});
