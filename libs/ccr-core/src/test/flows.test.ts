import request from 'supertest';
import { join } from 'node:path';
import { startEmbeddedCluster } from '@ferry/embedded-cluster';
import { indexDocs, startGateway, startPeers, waitFor, type Peers } from '../../test/harness';

/** The flows board's CCR rows, through the real gateway: a follower under writes and an autofollow rule. */
describe('ccr flows on /_gateway/flows', () => {
  let peers: Peers;
  let gw: Awaited<ReturnType<typeof startGateway>>;
  const flows = async (query = '') => (await request(gw.gw.app).get(`/_gateway/flows${query}`).expect(200)).body;
  const follower = async (index: string) => (await flows('?kind=ccr-follower')).flows.find((f: { id: string }) => f.id === `ccr-follower:${index}`);
  const api = (method: 'post' | 'put' | 'delete', path: string, body: object) => request(gw.gw.app)[method](`/_plugins/_replication${path}`).send(body);

  beforeAll(async () => {
    peers = await startPeers();
    gw = await startGateway(peers, { config: { flows: { sampleIntervalMs: 150 } } });
  });
  afterAll(async () => {
    await gw?.close();
    await peers?.close();
  });

  it('shows a follower with its checkpoints, lag and history while the leader is written to', async () => {
    await peers.leaderClient.indices.create({ index: 'orders', body: { settings: { number_of_shards: 2 } } });
    await indexDocs(peers.leaderClient, 'orders', 0, 200);
    await api('put', '/orders-f/_start', { leader_alias: 'leader', leader_index: 'orders' }).expect(200);
    await waitFor(async () => (await follower('orders-f'))?.status === 'SYNCING', { what: 'SYNCING on the board' });
    const first = await follower('orders-f');
    for (let i = 200; i < 1200; i += 100) await indexDocs(peers.leaderClient, 'orders', i, i + 100);
    const caughtUp = await waitFor(async () => {
      const f = await follower('orders-f');
      // On a fast machine the follower catches up within one sample: wait for the ring to hold a second one too.
      return f.details.follower_checkpoint > first.details.follower_checkpoint && f.lag.operations === 0 && f.history.length > 1 ? f : undefined;
    }, { what: 'the follower checkpoint to move and catch up, with two samples of history' });
    expect(caughtUp).toMatchObject({
      kind: 'ccr-follower',
      name: 'orders-f',
      state: 'ok',
      severity: 0,
      reason: null,
      error: null,
      lag: { operations: 0, seconds: 0, bytes: null },
      details: { leader_alias: 'leader', leader_index: 'orders', follower_index: 'orders-f' },
    });
    // 1200 documents over 2 shards: each shard's checkpoint is its last seq_no.
    expect(caughtUp.details.leader_checkpoint).toBe(1198);
    expect(caughtUp.details.follower_checkpoint).toBe(1198);
    const history: [number, number][] = caughtUp.history;
    expect(history.length).toBeGreaterThan(1);
    expect(history.every(([t, v]) => Number.isInteger(t) && v >= 0)).toBe(true);
  });

  it('shows a pause with its reason, worst first, and the resume', async () => {
    await api('post', '/orders-f/_pause', { reason: 'maintenance window' }).expect(200);
    const board = await flows();
    expect(board.flows[0]).toMatchObject({ id: 'ccr-follower:orders-f', state: 'paused', status: 'PAUSED', severity: 2, reason: 'maintenance window', error: null });
    expect((await flows('?state=paused&q=maintenance')).flows).toHaveLength(1);
    await api('post', '/orders-f/_resume', {}).expect(200);
    await waitFor(async () => (await follower('orders-f'))?.state === 'ok', { what: 'ok after resume' });
  });

  it('shows an autofollow rule with its start counts, and the followers it started', async () => {
    await peers.leaderClient.indices.create({ index: 'logs-1' });
    await indexDocs(peers.leaderClient, 'logs-1', 0, 10);
    await api('post', '/_autofollow', { leader_alias: 'leader', name: 'logs', pattern: 'logs-*' }).expect(200);
    const rule = await waitFor(async () => {
      const f = (await flows('?kind=ccr-autofollow')).flows[0];
      return f?.details.started === 1 ? f : undefined;
    }, { what: 'the rule to start a follower' });
    expect(rule).toMatchObject({
      id: 'ccr-autofollow:leader:logs',
      state: 'ok',
      details: { leader_alias: 'leader', rule_name: 'logs', pattern: 'logs-*', started: 1, failed: 0, failed_indices: [] },
      history: [],
    });
    expect(await follower('logs-1')).toMatchObject({ details: { rule: 'leader:logs' } });
    await api('delete', '/_autofollow', { leader_alias: 'leader', name: 'logs' }).expect(200);
    expect((await flows('?kind=ccr-autofollow')).flows).toEqual([]);
  });

  it('shows the error a follower retries while its leader is down, and clears it once the leader is back', async () => {
    const port = peers.leader.port;
    await peers.leader.close();
    const stuck = await waitFor(async () => {
      const f = await follower('orders-f');
      return f?.error ? f : undefined;
    }, { what: 'the retried error on the board' });
    expect(stuck).toMatchObject({ state: 'lagging', status: 'SYNCING', severity: 1, reason: null, details: { retrying_since: expect.any(String) } });
    expect(stuck.error).toMatch(/^reading the leader: .+; retrying$/);
    const leader = await startEmbeddedCluster({ name: 'leader', dataDir: join(peers.dir, 'leader'), port });
    try {
      await indexDocs(peers.leaderClient, 'orders', 1200, 1210);
      const back = await waitFor(async () => {
        const f = await follower('orders-f');
        return f?.error === null && f.details.follower_checkpoint === 1208 ? f : undefined;
      }, { what: 'the follower to recover' });
      expect(back).toMatchObject({ state: 'ok', details: { retrying_since: null } });
    } finally {
      await api('post', '/orders-f/_stop', {}).expect(200);
      await leader.close();
    }
  });

  it('drops a stopped follower from the board', async () => {
    await api('post', '/logs-1/_stop', {}).expect(200);
    await waitFor(async () => (await follower('logs-1')) === undefined, { what: 'logs-1 gone' });
  });
});
