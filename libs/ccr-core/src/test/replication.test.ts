import { converged, failure, indexDocs, startGateway, startPeers, waitFor, type Peers } from '../../test/harness';

describe('ccr replication through the official client', () => {
  let peers: Peers;
  let gw: Awaited<ReturnType<typeof startGateway>>;

  beforeAll(async () => {
    peers = await startPeers();
    gw = await startGateway(peers);
  });
  afterAll(async () => {
    await gw?.close();
    await peers?.close();
  });

  const status = async (index: string, verbose = false) => (await gw.client.replication.status({ index, ...(verbose ? { verbose: true } : {}) } as never)).body as any;

  it('bootstraps under concurrent writes, then syncs updates and deletes', async () => {
    const { leaderClient: leader, localClient: local } = peers;
    await leader.indices.create({ index: 'movies', body: { settings: { number_of_shards: 3 }, mappings: { properties: { title: { type: 'text' } } } } });
    await indexDocs(leader, 'movies', 0, 1500);
    const writer = (async () => {
      for (let i = 1500; i < 2000; i += 50) await indexDocs(leader, 'movies', i, i + 50);
    })();
    const start = await gw.client.replication.start({ index: 'movies-f', body: { leader_alias: 'leader', leader_index: 'movies' } });
    expect(start.body).toEqual({ acknowledged: true });
    await writer;
    await waitFor(async () => (await status('movies-f')).status === 'SYNCING', { what: 'SYNCING' });
    await waitFor(() => converged(leader, 'movies', local, 'movies-f'), { what: 'convergence after bootstrap' });

    await leader.index({ index: 'movies', id: 'd1', body: { n: 1, title: 'updated' } });
    await leader.delete({ index: 'movies', id: 'd2' });
    const deletes = Array.from({ length: 50 }, (_, i) => ({ delete: { _index: 'movies', _id: `d${100 + i}` } }));
    await leader.bulk({ body: deletes } as never);
    await leader.index({ index: 'movies', id: 'd120', body: { n: 120, title: 're-created' } });
    await indexDocs(leader, 'movies', 2000, 2100);
    await waitFor(() => converged(leader, 'movies', local, 'movies-f'), { what: 'convergence after updates and deletes' });

    const s = await status('movies-f', true);
    expect(s).toMatchObject({ status: 'SYNCING', reason: 'User initiated', leader_alias: 'leader', leader_index: 'movies', follower_index: 'movies-f' });
    expect(s.shard_replication_details).toHaveLength(3);
    await waitFor(async () => {
      const d = (await status('movies-f')).syncing_details;
      return d.leader_checkpoint === d.follower_checkpoint && d.leader_checkpoint > 0;
    }, { what: 'checkpoints equal' });
  });

  it('refuses writes to the follower through the gateway, bulk bodies included', async () => {
    const blocked = '[FORBIDDEN/1000/index read-only(cross-cluster-replication)];';
    const single = await failure(gw.client.index({ index: 'movies-f', id: 'x', body: { a: 1 } }));
    expect(single).toEqual({ status: 403, type: 'cluster_block_exception', reason: `index [movies-f] blocked by: ${blocked}` });
    const bulk = await failure(gw.client.bulk({ body: [{ index: { _index: 'other' } }, { a: 1 }, { delete: { _index: 'movies-f', _id: 'd1' } }] } as never));
    expect(bulk.status).toBe(403);
    expect((await failure(gw.client.indices.delete({ index: 'movies-f' }))).type).toBe('cluster_block_exception');
    const search = await gw.client.search({ index: 'movies-f', body: { size: 0 } } as never);
    expect(search.statusCode).toBe(200);
  });

  it('refuses writes sent straight to the local cluster, not through the gateway', async () => {
    const { localClient: local } = peers;
    const reason = 'index [movies-f] blocked by: [FORBIDDEN/1000/index read-only(cross-cluster-replication)];';
    expect(await failure(local.index({ index: 'movies-f', id: 'x', body: { a: 1 } }))).toEqual({ status: 403, type: 'cluster_block_exception', reason });
    expect(await failure(local.delete({ index: 'movies-f', id: 'd1' }))).toEqual({ status: 403, type: 'cluster_block_exception', reason });
    const bulk = (await local.bulk({ body: [{ index: { _index: 'movies-f', _id: 'y' } }, { a: 1 }] } as never)).body as any;
    expect(bulk.items[0].index).toMatchObject({ status: 403, error: { type: 'cluster_block_exception', reason } });
  });

  it('pauses and resumes from its checkpoints', async () => {
    const { leaderClient: leader, localClient: local } = peers;
    await gw.client.replication.pause({ index: 'movies-f', body: { reason: 'maintenance' } } as never);
    expect(await status('movies-f')).toEqual({ status: 'PAUSED', reason: 'maintenance', leader_alias: 'leader', leader_index: 'movies', follower_index: 'movies-f' });
    expect(await failure(gw.client.replication.pause({ index: 'movies-f', body: {} } as never))).toMatchObject({
      status: 400, type: 'resource_already_exists_exception', reason: 'Index movies-f is already paused',
    });
    await indexDocs(leader, 'movies', 2100, 2200);
    await leader.delete({ index: 'movies', id: 'd3' });
    await gw.client.replication.resume({ index: 'movies-f', body: {} });
    expect(await failure(gw.client.replication.resume({ index: 'movies-f', body: {} }))).toMatchObject({
      status: 400, reason: 'Replication on Index movies-f is already running',
    });
    await waitFor(() => converged(leader, 'movies', local, 'movies-f'), { what: 'convergence after resume' });

    // force_resume re-copies the index from scratch (the plugin's answer to lost history).
    await waitFor(async () => (await status('movies-f')).status === 'SYNCING', { what: 'SYNCING before force resume' });
    await gw.client.replication.pause({ index: 'movies-f', body: {} } as never);
    await leader.delete({ index: 'movies', id: 'd4' });
    await gw.client.replication.resume({ index: 'movies-f', body: { force_resume: true } } as never);
    await waitFor(async () => (await status('movies-f')).status === 'SYNCING', { what: 'SYNCING after force resume' });
    await waitFor(() => converged(leader, 'movies', local, 'movies-f'), { what: 'convergence after force resume' });
  });

  it('stops, and the former follower accepts writes', async () => {
    const { localClient: local } = peers;
    // The follower re-created by force_resume is blocked again.
    expect((await failure(local.index({ index: 'movies-f', id: 'direct', body: { a: 1 } }))).status).toBe(403);
    await gw.client.replication.stop({ index: 'movies-f', body: {} });
    expect(await status('movies-f')).toEqual({ status: 'REPLICATION NOT IN PROGRESS' });
    const res = await gw.client.index({ index: 'movies-f', id: 'mine', body: { a: 1 } });
    expect(res.statusCode).toBe(201);
    expect((await local.index({ index: 'movies-f', id: 'direct', body: { a: 1 } })).statusCode).toBe(201);
    const settings = (await local.indices.getSettings({ index: 'movies-f', flat_settings: true })).body as any;
    expect(settings['movies-f'].settings['index.blocks.replication']).toBeUndefined();
    expect(await failure(gw.client.replication.stop({ index: 'movies-f', body: {} }))).toMatchObject({
      status: 400, type: 'illegal_argument_exception', reason: 'No replication in progress for index:movies-f',
    });
  });
});
