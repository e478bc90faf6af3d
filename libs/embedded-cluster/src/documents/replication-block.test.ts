import { type ClusterFixture, startFixture } from '../test/cluster-fixture';

const REASON = 'index [follower] blocked by: [FORBIDDEN/1000/index read-only(cross-cluster-replication)];';
const WRITER = { headers: { 'x-ferry-replication-writer': 'true' } };

/** Status and error of a call through the official client, which throws on 4xx. */
async function outcome(call: Promise<{ statusCode: number | null; body: any }>): Promise<{ status: number; body: any }> {
  try {
    const res = await call;
    return { status: res.statusCode ?? 0, body: res.body };
  } catch (err) {
    const meta = (err as { meta?: { statusCode: number; body: any } }).meta;
    if (!meta) throw err;
    return { status: meta.statusCode, body: meta.body };
  }
}

describe('index.blocks.replication (the follower write block)', () => {
  let f: ClusterFixture;
  beforeAll(async () => {
    f = await startFixture({ name: 'follower-block' });
    await f.client.indices.create({ index: 'follower', body: { settings: { number_of_shards: 2, 'index.blocks.replication': true } } });
    await f.client.index({ index: 'follower', id: 'seed', body: { n: 0 }, refresh: true }, WRITER);
  });
  afterAll(() => f.close());

  it('is accepted at creation and shown by GET _settings', async () => {
    const { body } = await f.client.indices.getSettings({ index: 'follower', flat_settings: true });
    expect((body as any).follower.settings['index.blocks.replication']).toBe('true');
  });

  it.each([
    ['index', () => f.client.index({ index: 'follower', id: 'x', body: { n: 1 } })],
    ['create', () => f.client.create({ index: 'follower', id: 'y', body: { n: 1 } })],
    ['update', () => f.client.update({ index: 'follower', id: 'seed', body: { doc: { n: 2 } } })],
    ['delete', () => f.client.delete({ index: 'follower', id: 'seed' })],
  ])('refuses a direct %s with the plugin message', async (_name, call) => {
    const { status, body } = await outcome(call());
    expect(status).toBe(403);
    expect(body.error).toMatchObject({ type: 'cluster_block_exception', reason: REASON });
  });

  it('refuses _bulk items one by one and lets the other items through', async () => {
    const { body } = await f.client.bulk({
      body: [{ index: { _index: 'follower', _id: 'b1' } }, { n: 1 }, { delete: { _index: 'follower', _id: 'seed' } }, { index: { _index: 'other', _id: 'o1' } }, { n: 1 }],
    });
    expect(body.errors).toBe(true);
    expect(body.items.map((i: any) => (Object.values(i)[0] as any).status)).toEqual([403, 403, 201]);
    expect(body.items[0].index?.error).toMatchObject({ type: 'cluster_block_exception', reason: REASON });
  });

  it('refuses _update_by_query, _delete_by_query and _reindex into it', async () => {
    const upd = await f.raw('POST', '/follower/_update_by_query', { script: { source: 'ctx._source.n = 9' } });
    const del = await f.raw('POST', '/follower/_delete_by_query', { query: { match_all: {} } });
    await f.client.indices.refresh({ index: 'other' });
    const reindex = await f.raw('POST', '/_reindex', { source: { index: 'other' }, dest: { index: 'follower' } });
    for (const res of [upd, del, reindex]) expect(JSON.stringify(res.json)).toContain(REASON);
    const { body } = await f.client.get({ index: 'follower', id: 'seed' });
    expect(body._source).toEqual({ n: 0 });
  });

  it('lets the replicator write with x-ferry-replication-writer: true', async () => {
    await f.client.index({ index: 'follower', id: 'r1', body: { n: 1 } }, WRITER);
    const { body } = await f.client.bulk({ body: [{ index: { _index: 'follower', _id: 'r2' } }, { n: 2 }, { delete: { _index: 'follower', _id: 'r1' } }] }, WRITER);
    expect(body.errors).toBe(false);
  });

  it('lifts the block when set to false, and allows deleting the index while blocked', async () => {
    await f.client.indices.putSettings({ index: 'follower', body: { 'index.blocks.replication': false } });
    const { statusCode } = await f.client.index({ index: 'follower', id: 'free', body: { n: 1 } });
    expect(statusCode).toBe(201);
    await f.client.indices.putSettings({ index: 'follower', body: { index: { blocks: { replication: true } } } as any });
    expect((await outcome(f.client.index({ index: 'follower', id: 'again', body: { n: 1 } }))).status).toBe(403);
    expect((await f.client.indices.delete({ index: 'follower' })).statusCode).toBe(200);
  });
});
