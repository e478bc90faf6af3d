import { converged, failure, indexDocs, startGateway, startPeers, waitFor, type Peers } from '../../test/harness';

describe('ccr autofollow and remote clusters', () => {
  let peers: Peers;
  let gw: Awaited<ReturnType<typeof startGateway>>;

  beforeAll(async () => {
    peers = await startPeers();
    gw = await startGateway(peers, { ccr: { autofollowConcurrency: 1 } });
  });
  afterAll(async () => {
    await gw?.close();
    await peers?.close();
  });

  const raw = async (method: string, path: string, body?: unknown) => (await gw.client.transport.request({ method, path, body: body as never })).body as any;

  it.each([
    ['missing name', { leader_alias: 'leader', pattern: 'logs-*' }, 'Validation Failed: 1: Missing connection or name in the request;'],
    ['missing pattern', { leader_alias: 'leader', name: 'r' }, 'Validation Failed: 1: Missing pattern;'],
    ['pattern with a comma', { leader_alias: 'leader', name: 'r', pattern: 'a,b' }, expect.stringContaining('Autofollow pattern: a,b must not contain the following characters')],
    ['pattern with #', { leader_alias: 'leader', name: 'r', pattern: 'a#' }, "Validation Failed: 1: Autofollow pattern: a# must not contain '#' or ':';"],
    ['uppercase name', { leader_alias: 'leader', name: 'R', pattern: 'a*' }, 'Validation Failed: 1: Value R must be lowercase;'],
  ])('refuses a rule: %s', async (_n, body, reason) => {
    expect(await failure(gw.client.replication.createReplicationRule({ body } as never))).toEqual({ status: 400, type: 'action_request_validation_exception', reason });
  });

  it('refuses an unknown leader alias and a DELETE with a pattern', async () => {
    expect(await failure(gw.client.replication.createReplicationRule({ body: { leader_alias: 'nope', name: 'r', pattern: 'a*' } } as never))).toMatchObject({
      status: 404, type: 'no_such_remote_cluster_exception', reason: 'no such remote cluster: [nope]',
    });
    expect(await failure(gw.client.replication.deleteReplicationRule({ body: { leader_alias: 'leader', name: 'r', pattern: 'a*' } } as never))).toMatchObject({
      status: 400, reason: 'Validation Failed: 1: Unexpected pattern;',
    });
  });

  it('follows existing and new indices, renames, excludes, lists, updates and deletes rules', async () => {
    const { leaderClient: leader, localClient: local } = peers;
    for (const i of ['logs-a', 'logs-b', 'logs-skip']) {
      await leader.indices.create({ index: i });
      await indexDocs(leader, i, 0, 30);
    }
    await gw.client.replication.createReplicationRule({
      body: { leader_alias: 'leader', name: 'logs', pattern: 'logs-*', follower_index_pattern: '{{leader_index}}-copy', exclusion_patterns: ['logs-skip'] },
    } as never);
    await waitFor(async () => (await gw.client.replication.status({ index: 'logs-a-copy' })).body.status === 'SYNCING', { what: 'logs-a followed' });
    await waitFor(async () => (await gw.client.replication.status({ index: 'logs-b-copy' })).body.status === 'SYNCING', { what: 'logs-b followed' });
    await leader.indices.create({ index: 'logs-c' });
    await indexDocs(leader, 'logs-c', 0, 10);
    await waitFor(() => converged(leader, 'logs-c', local, 'logs-c-copy'), { what: 'new index followed' });
    expect((await gw.client.replication.status({ index: 'logs-skip-copy' })).body).toEqual({ status: 'REPLICATION NOT IN PROGRESS' });

    const stats = (await gw.client.replication.autofollowStats()).body as any;
    expect(stats).toMatchObject({ num_success_start_replication: 3, num_failed_start_replication: 0, num_failed_leader_calls: 0, failed_indices: [] });
    expect(stats.autofollow_stats[0]).toMatchObject({ name: 'logs', pattern: 'logs-*', num_success_start_replication: 3 });
    expect(stats.autofollow_stats[0]).not.toHaveProperty('leader_alias');
    const extras = (await gw.client.replication.autofollowStats({ ferry: true } as never)).body as any;
    expect(extras.autofollow_stats[0]).toMatchObject({ name: 'logs', leader_alias: 'leader' });

    // Re-POSTing an existing name updates the rule instead of failing with a 500.
    await gw.client.replication.createReplicationRule({ body: { leader_alias: 'leader', name: 'logs', pattern: 'metrics-*' } } as never);
    expect((await raw('GET', '/_plugins/_replication/_autofollow')).rules).toEqual([
      { leader_alias: 'leader', name: 'logs', pattern: 'metrics-*', exclusion_patterns: [], settings: {} },
    ]);
    await gw.client.replication.deleteReplicationRule({ body: { leader_alias: 'leader', name: 'logs' } } as never);
    expect((await raw('GET', '/_plugins/_replication/_autofollow')).rules).toEqual([]);
    // Deleting a rule keeps the replications it started.
    expect((await gw.client.replication.status({ index: 'logs-a-copy' })).body.status).toBe('SYNCING');
  });

  it('registers remote clusters declared through _cluster/settings and lists them in _remote/info', async () => {
    const port = new URL(peers.leader.url).port;
    const put = await raw('PUT', '/_cluster/settings', { persistent: { cluster: { remote: { dr: { seeds: [`127.0.0.1:${port}`] } } } } });
    expect(put).toMatchObject({ acknowledged: true, persistent: { cluster: { remote: { dr: { seeds: [`127.0.0.1:${port}`] } } } } });
    const info = await raw('GET', '/_remote/info');
    expect(info.dr).toMatchObject({ connected: true, mode: 'sniff', seeds: [`127.0.0.1:${port}`], num_nodes_connected: 1 });
    await peers.leaderClient.indices.create({ index: 'via-dr' });
    await indexDocs(peers.leaderClient, 'via-dr', 0, 5);
    await gw.client.replication.start({ index: 'via-dr', wait_for_restore: true, body: { leader_alias: 'dr', leader_index: 'via-dr' } } as never);
    await waitFor(() => converged(peers.leaderClient, 'via-dr', peers.localClient, 'via-dr'), { what: 'replication from a settings-declared remote' });
    await raw('PUT', '/_cluster/settings', { persistent: { 'cluster.remote.dr.seeds': null } });
    expect((await raw('GET', '/_remote/info')).dr).toBeUndefined();
  });
});
