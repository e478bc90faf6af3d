import { type ClusterFixture, startFixture } from '../test/cluster-fixture';

describe('embedded cluster: _clone, _shrink and _split', () => {
  let f: ClusterFixture;
  const ids = async (index: string) => (await f.client.search({ index, body: { size: 100, version: true } })).body.hits.hits.map((h) => `${h._id}@${String(h._version)}`).sort();

  beforeAll(async () => {
    f = await startFixture();
    await f.client.indices.create({ index: 'src', body: { settings: { number_of_shards: 4, number_of_replicas: 0 }, mappings: { properties: { n: { type: 'integer' } } } } });
    const docs = Array.from({ length: 40 }, (_, i) => [{ index: { _index: 'src', _id: `d${i}`, ...(i % 5 === 0 ? { routing: 'r' } : {}) } }, { n: i }]).flat();
    await f.client.bulk({ body: docs, refresh: 'true' });
    await f.client.index({ index: 'src', id: 'd1', body: { n: 1, again: true }, refresh: 'true' }); // version 2
  });
  afterAll(() => f.close());

  it('refuses to resize an index without a write block', async () => {
    const r = await f.raw('POST', '/src/_clone/nope');
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ type: 'illegal_state_exception' });
    expect(r.json.error.reason).toMatch(/index.blocks.write=true/);
    expect((await f.raw('HEAD', '/nope')).status).toBe(404);
  });

  it.each([
    ['clone', undefined, 4],
    ['shrink', 2, 2],
    ['shrink', undefined, 1],
    ['split', 8, 8],
  ])('%s to %s shards copies every document with its version and routing', async (kind, shards, expected) => {
    await f.raw('PUT', '/src/_settings', { 'index.blocks.write': true });
    const target = `${kind}-${expected}`;
    const body = { settings: { ...(shards ? { 'index.number_of_shards': shards } : {}), 'index.blocks.write': null }, aliases: { [`${target}-alias`]: {} } };
    const r = await f.raw('POST', `/src/_${kind}/${target}`, body);
    expect(r.json).toEqual({ acknowledged: true, shards_acknowledged: true, index: target });
    const settings = (await f.raw('GET', `/${target}/_settings?flat_settings=true`)).json[target].settings;
    expect(settings).toMatchObject({ 'index.number_of_shards': String(expected), 'index.resize.source.name': 'src' });
    expect(await ids(target)).toEqual(await ids('src'));
    expect((await f.client.get({ index: target, id: 'd5', routing: 'r' })).body._source).toEqual({ n: 5 });
    expect((await f.raw('GET', `/${target}-alias/_count`)).json.count).toBe(40);
    expect((await f.client.indices.getMapping({ index: target })).body[target].mappings.properties?.n).toEqual({ type: 'integer' });
  });

  it.each([
    ['clone', { 'index.number_of_shards': 2 }, /same as the number of source shards/],
    ['shrink', { 'index.number_of_shards': 3 }, /must be a multiple of \[3\]/],
    ['split', { 'index.number_of_shards': 6 }, /must be a factor of \[6\]/],
    ['split', {}, /required for split/],
  ])('%s with %j is a 400', async (kind, settings, reason) => {
    await f.raw('PUT', '/src/_settings', { 'index.blocks.write': true });
    const r = await f.raw('POST', `/src/_${kind}/bad`, { settings });
    expect(r.status).toBe(400);
    expect(r.json.error.reason).toMatch(reason);
  });

  it('refuses an existing target and answers a task with wait_for_completion=false', async () => {
    expect((await f.raw('POST', '/src/_clone/clone-4')).json.error.type).toBe('resource_already_exists_exception');
    const { task } = (await f.raw('POST', '/src/_clone/later?wait_for_completion=false')).json;
    const done = (await f.raw('GET', `/_tasks/${task}`)).json;
    expect(done).toMatchObject({ completed: true, response: { acknowledged: true, index: 'later' } });
  });
});
