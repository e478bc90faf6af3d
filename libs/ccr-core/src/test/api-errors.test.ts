import { failure, indexDocs, startGateway, startPeers, waitFor, type Peers } from '../../test/harness';

const NAME_CHARS = '[ , ", *, \\, <, |, ,, >, /, ?]';

describe('ccr API: responses and documented errors', () => {
  let peers: Peers;
  let gw: Awaited<ReturnType<typeof startGateway>>;

  beforeAll(async () => {
    peers = await startPeers();
    gw = await startGateway(peers);
    await peers.leaderClient.indices.create({ index: 'books', body: { settings: { number_of_shards: 2 }, aliases: { 'books-alias': {} } } });
    await indexDocs(peers.leaderClient, 'books', 0, 50);
    await peers.localClient.indices.create({ index: 'taken' });
  });
  afterAll(async () => {
    await gw?.close();
    await peers?.close();
  });

  const start = (index: string, body: Record<string, unknown>) => gw.client.replication.start({ index, body } as never);

  it.each([
    ['missing fields', 'f1', {}, 400, 'action_request_validation_exception', 'Validation Failed: 1: Mandatory params [leader_alias, leader_index] are missing for the request;'],
    ['incomplete use_roles', 'f1', { leader_alias: 'leader', leader_index: 'books', use_roles: { leader_cluster_role: 'r' } }, 400,
      'action_request_validation_exception', 'Validation Failed: 1: Need roles for leader_cluster_role and follower_cluster_role;'],
    ['uppercase follower', 'Fol', { leader_alias: 'leader', leader_index: 'books' }, 400, 'action_request_validation_exception', 'Validation Failed: 1: Value Fol must be lowercase;'],
    ['bad characters', 'a*b', { leader_alias: 'leader', leader_index: 'books' }, 400, 'action_request_validation_exception',
      `Validation Failed: 1: Value a*b must not contain the following characters ${NAME_CHARS};`],
    ['hash', 'a#b', { leader_alias: 'leader', leader_index: 'books' }, 400, 'action_request_validation_exception', "Validation Failed: 1: Value a#b must not contain '#' or ':';"],
    ['underscore', '_f', { leader_alias: 'leader', leader_index: 'books' }, 400, 'action_request_validation_exception', "Validation Failed: 1: Value _f must not start with '_' or '-' or '+';"],
    ['dot', '.f', { leader_alias: 'leader', leader_index: 'books' }, 400, 'action_request_validation_exception', "Validation Failed: 1: Value .f must not start with '.';"],
    ['unknown alias', 'f1', { leader_alias: 'does_not_exist', leader_index: 'books' }, 404, 'no_such_remote_cluster_exception', 'no such remote cluster: [does_not_exist]'],
    ['missing leader index', 'f1', { leader_alias: 'leader', leader_index: 'does_not_exist' }, 404, 'index_not_found_exception', 'no such index [does_not_exist]'],
    ['leader alias name', 'f1', { leader_alias: 'leader', leader_index: 'books-alias' }, 404, 'index_not_found_exception', 'no such index [leader:books-alias]'],
    ['follower exists', 'taken', { leader_alias: 'leader', leader_index: 'books' }, 400, 'illegal_argument_exception', 'Cant use same index again for replication. Delete the index:taken'],
    ['unknown setting', 'f1', { leader_alias: 'leader', leader_index: 'books', settings: { 'index.no such': 1 } }, 400, 'illegal_argument_exception', expect.stringContaining('unknown setting [index.no such]')],
  ])('start: %s', async (_name, index, body, status, type, reason) => {
    expect(await failure(start(index, body))).toEqual({ status, type, reason });
  });

  it.each([
    ['pause', () => gw.client.replication.pause({ index: 'none', body: {} } as never)],
    ['resume', () => gw.client.replication.resume({ index: 'none', body: {} })],
    ['stop', () => gw.client.replication.stop({ index: 'none', body: {} })],
    ['update', () => gw.client.replication.updateSettings({ index: 'none', body: { settings: { 'index.number_of_replicas': 1 } } })],
  ])('%s without a replication', async (_name, call) => {
    expect(await failure(call())).toEqual({ status: 400, type: 'illegal_argument_exception', reason: 'No replication in progress for index:none' });
  });

  it('refuses a closed leader (400 closed) and, with blockStart, every start (403)', async () => {
    await peers.leaderClient.indices.create({ index: 'shut' });
    await peers.leaderClient.indices.close({ index: 'shut' });
    expect(await failure(start('shut-f', { leader_alias: 'leader', leader_index: 'shut' }))).toMatchObject({ status: 400, type: 'index_closed_exception', reason: 'closed' });
    const blocked = await startGateway(peers, { ccr: { blockStart: true } });
    try {
      expect(await failure(blocked.client.replication.start({ index: 'x-f', body: { leader_alias: 'leader', leader_index: 'books' } }))).toEqual({
        status: 403, type: 'cluster_block_exception', reason: '[FORBIDDEN] Replication START block is set',
      });
    } finally {
      await blocked.close();
    }
  });

  it('refuses a pause while bootstrapping (500) and a second pause (400)', async () => {
    await peers.leaderClient.indices.create({ index: 'big', body: { settings: { number_of_shards: 1 } } });
    for (let i = 0; i < 3000; i += 1000) await indexDocs(peers.leaderClient, 'big', i, i + 1000);
    await start('big-f', { leader_alias: 'leader', leader_index: 'big' });
    const res = await gw.client.replication.pause({ index: 'big-f', body: {} } as never).then(
      () => undefined,
      (err) => err,
    );
    if (res) {
      // Still bootstrapping when the pause arrived: the plugin's answer.
      expect(res.meta.statusCode).toBe(500);
      expect(res.meta.body.error.reason).toBe('Index is in restore phase currently for index: big-f. You can pause after restore completes.');
      await waitFor(async () => (await gw.client.replication.status({ index: 'big-f' })).body.status === 'SYNCING', { what: 'SYNCING' });
      await gw.client.replication.pause({ index: 'big-f', body: {} } as never);
    }
    expect(await failure(gw.client.replication.pause({ index: 'big-f', body: {} } as never))).toMatchObject({ status: 400, reason: 'Index big-f is already paused' });
    await gw.client.replication.stop({ index: 'big-f', body: {} });
  });

  it('documents its routes in the gateway OpenAPI document', async () => {
    const doc = (await gw.client.transport.request({ method: 'GET', path: '/_gateway/openapi.json' })).body as any;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/_plugins/_replication/{index}/_start', '/_plugins/_replication/_autofollow']));
    const params = (path: string) => doc.paths[path].get.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`);
    expect(params('/_plugins/_replication/{index}/_status')).toEqual(expect.arrayContaining(['query:ferry', 'query:verbose']));
    expect(params('/_plugins/_replication/autofollow_stats')).toEqual(['query:ferry']);
  });

  it('answers status of an unknown index with 200', async () => {
    const res = await gw.client.replication.status({ index: 'none' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toEqual({ status: 'REPLICATION NOT IN PROGRESS' });
  });

  it('starts with settings overrides and wait_for_restore, then reports status, stats and updates', async () => {
    const res = await gw.client.replication.start({
      index: 'books-f',
      wait_for_restore: true,
      body: { leader_alias: 'leader', leader_index: 'books', settings: { index: { number_of_replicas: 0, refresh_interval: '2s' } } },
    } as never);
    expect(res.body).toEqual({ acknowledged: true });
    const status = (await gw.client.replication.status({ index: 'books-f', verbose: true } as never)).body as any;
    expect(status).toMatchObject({ status: 'SYNCING', leader_alias: 'leader', leader_index: 'books', follower_index: 'books-f' });
    expect(status.shard_replication_details.map((s: any) => s.shard_id)).toEqual(['[books-f][0]', '[books-f][1]']);
    const info = (await peers.localClient.indices.get({ index: 'books-f', flat_settings: true } as never)).body as any;
    expect(info['books-f'].settings).toMatchObject({ 'index.number_of_shards': '2', 'index.refresh_interval': '2s' });
    expect(Object.keys(info['books-f'].aliases)).toEqual(['books-alias']);

    expect(await failure(start('books-f', { leader_alias: 'leader', leader_index: 'books' }))).toMatchObject({
      status: 400, reason: 'Cant use same index again for replication. Delete the index:books-f',
    });

    const follower = (await gw.client.replication.followerStats()).body as any;
    expect(Object.keys(follower)).toHaveLength(16);
    expect(follower).toMatchObject({ num_syncing_indices: 1, num_index_tasks: 1, num_shard_tasks: 2, operations_written: 50 });
    expect(follower.index_stats['books-f']).toMatchObject({ operations_read: 50, operations_written: 50 });
    const leader = (await gw.client.replication.leaderStats()).body as any;
    expect(Object.keys(leader)).toHaveLength(9);
    expect(leader).toMatchObject({ num_replicated_indices: 1, operations_read_translog: 0 });
    expect(leader.index_stats.books).toMatchObject({ operations_read: 50, operations_read_lucene: 50, operations_read_translog: 0 });

    await gw.client.replication.updateSettings({ index: 'books-f', body: { settings: { 'index.refresh_interval': '5s' } } } as never);
    expect(await failure(gw.client.replication.updateSettings({ index: 'books-f', body: { settings: { 'index.bad key': 1 } } } as never))).toMatchObject({ status: 400 });

    await gw.client.replication.pause({ index: 'books-f', body: {} } as never);
    const paused = (await gw.client.replication.status({ index: 'books-f' })).body as any;
    expect(paused).toEqual({ status: 'PAUSED', reason: 'User initiated', leader_alias: 'leader', leader_index: 'books', follower_index: 'books-f' });
    const all = (await gw.client.transport.request({ method: 'GET', path: '/_plugins/_replication/_status' })).body as any;
    expect(all.replications).toEqual([paused]);
    await gw.client.replication.stop({ index: 'books-f', body: {} });
  });

  it('syncs _update overrides, new mapping fields and aliases from the leader', async () => {
    // Needs PUT _settings/_mapping and POST _aliases on both clusters; skipped while the embedded cluster lacks them.
    const probe = await peers.localClient.transport.request({ method: 'PUT', path: '/books-probe/_mapping', body: {} }, { ignore: [400, 404, 405] });
    if (probe.statusCode === 400 && /no handler found/.test(JSON.stringify(probe.body))) {
      console.warn('embedded cluster has no _mapping/_settings/_aliases routes yet: metadata sync not exercised');
      return;
    }
    await gw.client.replication.start({ index: 'books-m', wait_for_restore: true, body: { leader_alias: 'leader', leader_index: 'books' } } as never);
    await gw.client.replication.updateSettings({ index: 'books-m', body: { settings: { 'index.refresh_interval': '5s' } } } as never);
    await peers.leaderClient.indices.putMapping({ index: 'books', body: { properties: { isbn: { type: 'keyword' } } } });
    await peers.leaderClient.indices.putAlias({ index: 'books', name: 'library' });
    await waitFor(async () => {
      const info = (await peers.localClient.indices.get({ index: 'books-m', flat_settings: true } as never)).body as any;
      const f = info['books-m'];
      return f.mappings.properties?.isbn?.type === 'keyword' && 'library' in f.aliases && f.settings['index.refresh_interval'] === '5s';
    }, { what: 'settings, mapping and alias sync' });
    await gw.client.replication.stop({ index: 'books-m', body: {} });
  });

  it('auto-pauses with the plugin reason when the leader index is deleted', async () => {
    await peers.leaderClient.indices.create({ index: 'short-lived' });
    await indexDocs(peers.leaderClient, 'short-lived', 0, 10);
    await gw.client.replication.start({ index: 'short-f', wait_for_restore: true, body: { leader_alias: 'leader', leader_index: 'short-lived' } } as never);
    await peers.leaderClient.indices.delete({ index: 'short-lived' });
    const s = await waitFor(async () => {
      const b = (await gw.client.replication.status({ index: 'short-f' })).body as any;
      return b.status === 'PAUSED' ? b : undefined;
    }, { what: 'auto-pause' });
    expect(s.reason).toMatch(/^AutoPaused: .*no such index/);
    expect(await failure(gw.client.replication.resume({ index: 'short-f', body: {} }))).toMatchObject({ status: 404, type: 'index_not_found_exception' });
    await gw.client.replication.stop({ index: 'short-f', body: {} });
  });
});
