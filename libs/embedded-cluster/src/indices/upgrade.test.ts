import { type ClusterFixture, startFixture } from '../test/cluster-fixture';

describe('embedded cluster: deprecated _upgrade', () => {
  let f: ClusterFixture;
  beforeAll(async () => {
    f = await startFixture();
    await f.client.index({ index: 'films', id: '1', body: { title: 'Drive' }, refresh: 'true' });
    await f.client.indices.create({ index: 'shut' });
    await f.client.indices.close({ index: 'shut' });
  });
  afterAll(() => f.close());

  it('reports each open index with nothing to upgrade', async () => {
    const r = await f.raw('GET', '/_upgrade');
    expect(r.status).toBe(200);
    expect(Object.keys(r.json.indices)).toEqual(['films']);
    expect(r.json.indices.films.size_in_bytes).toBeGreaterThan(0);
    expect(r.json).toMatchObject({ size_to_upgrade_in_bytes: 0, size_to_upgrade_ancient_in_bytes: 0 });
  });

  it('upgrades by touching nothing and reports the versions it is at', async () => {
    const r = await f.raw('POST', '/films/_upgrade');
    expect(r.status).toBe(200);
    expect(r.json._shards.successful).toBe(1);
    expect(r.json.upgraded_indices.films).toEqual({ upgrade_version: '3.6.0', oldest_lucene_segment_version: '10.3.2' });
    expect((await f.client.get({ index: 'films', id: '1' })).body._source).toEqual({ title: 'Drive' });
  });

  it('answers 404 for a missing index and 400 for a closed one', async () => {
    expect((await f.raw('GET', '/nope/_upgrade')).status).toBe(404);
    expect((await f.raw('POST', '/shut/_upgrade')).status).toBe(400);
  });
});
