import type { Client } from '@opensearch-project/opensearch';
import { converged, errorOf, failure, indexDocs, startGateway, startPeers, waitFor, type Peers } from '../../test/harness';

/** Index, update and delete on the leader until stopped. */
function churn(leader: Client, index: string, from: number): { stop(): Promise<void> } {
  let running = true;
  let n = from;
  const done = (async () => {
    while (running) {
      const body: unknown[] = [];
      for (let i = 0; i < 10; i++, n++) body.push({ index: { _index: index, _id: `d${n}` } }, { n, title: `doc ${n}` });
      body.push({ index: { _index: index, _id: `d${n - 15}` } }, { n: n - 15, title: 'updated' });
      body.push({ delete: { _index: index, _id: `d${n - 25}` } });
      await leader.bulk({ body: body as never } as never);
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  return { stop: async () => ((running = false), done) };
}

type Op = 'pause' | 'resume' | 'force' | 'update';
interface Answer {
  op: Op;
  status: number;
  type?: string;
  reason?: string;
}

/** Documented answers other than 200 for these calls on a running or paused replication (reference/ccr.md §1.4). */
function refusals(index: string): Record<Op, Omit<Answer, 'op'>[]> {
  const running = { status: 400, type: 'resource_already_exists_exception', reason: `Replication on Index ${index} is already running` };
  return {
    pause: [
      { status: 400, type: 'resource_already_exists_exception', reason: `Index ${index} is already paused` },
      // Only while a force_resume re-bootstraps: the plugin's own 500 for that state.
      { status: 500, type: 'illegal_state_exception', reason: `Index is in restore phase currently for index: ${index}. You can pause after restore completes.` },
    ],
    resume: [running],
    force: [running],
    update: [],
  };
}

describe('ccr control operations on one replication, concurrently and under writes', () => {
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

  const status = async (index: string) => (await gw.client.replication.status({ index })).body as any;

  async function call(index: string, op: Op, i: number): Promise<Answer> {
    const r = gw.client.replication;
    try {
      if (op === 'pause') await r.pause({ index, body: { reason: `round pause ${i}` } } as never);
      else if (op === 'resume' || op === 'force') await r.resume({ index, body: op === 'force' ? { force_resume: true } : {} } as never);
      else await r.updateSettings({ index, body: { settings: { 'index.number_of_replicas': i % 2 } } } as never);
      return { op, status: 200 };
    } catch (err) {
      const e = errorOf(err);
      return { op, ...e, reason: e.reason ?? String(err) };
    }
  }

  /** Rounds of concurrent calls; checks each round's answers against a serial order and returns whether it ended paused. */
  async function rounds(index: string, ops: Op[], count: number): Promise<boolean> {
    let paused = false;
    for (let round = 0; round < count; round++) {
      const answers = await Promise.all(ops.map((_, i) => call(index, ops[(i + round * 3) % ops.length], i)));
      for (const a of answers) if (a.status !== 200) expect(refusals(index)[a.op]).toContainEqual({ status: a.status, type: a.type, reason: a.reason });
      // In any serial order the successful pauses and resumes alternate, starting from the state before the round.
      const ok = (...kinds: Op[]) => answers.filter((a) => kinds.includes(a.op) && a.status === 200).length;
      const net = paused ? ok('resume', 'force') - ok('pause') : ok('pause') - ok('resume', 'force');
      expect([0, 1]).toContain(net);
      if (net === 1) paused = !paused;
      const s = (await status(index)).status;
      if (paused) expect(s).toBe('PAUSED');
      else expect(['SYNCING', 'BOOTSTRAPPING']).toContain(s);
    }
    return paused;
  }

  /** Starts a replication of a fresh leader index, runs the rounds under writes, resumes and checks the follower. */
  async function scenario(leaderIndex: string, ops: Op[], count: number): Promise<void> {
    const { leaderClient: leader, localClient: local } = peers;
    const follower = `${leaderIndex}-f`;
    await leader.indices.create({ index: leaderIndex, body: { settings: { number_of_shards: 2 } } });
    await indexDocs(leader, leaderIndex, 0, 400);
    await gw.client.replication.start({ index: follower, wait_for_restore: true, body: { leader_alias: 'leader', leader_index: leaderIndex } } as never);
    const writes = churn(leader, leaderIndex, 400);
    let paused: boolean;
    try {
      paused = await rounds(follower, ops, count);
    } finally {
      await writes.stop();
    }
    if (paused) await gw.client.replication.resume({ index: follower, body: {} });
    await waitFor(async () => (await status(follower)).status === 'SYNCING', { what: 'SYNCING', timeoutMs: 60_000 });
    await waitFor(() => converged(leader, leaderIndex, local, follower), { what: 'convergence', timeoutMs: 60_000, intervalMs: 300 });
    expect(await failure(local.index({ index: follower, id: 'direct', body: { a: 1 } }))).toMatchObject({ status: 403, type: 'cluster_block_exception' });
  }

  it('pause, resume and update: answers as in a serial order, the follower stays blocked and ends identical to the leader', async () => {
    await scenario('race', ['pause', 'resume', 'update', 'pause', 'resume', 'update', 'pause', 'resume', 'pause', 'resume'], 6);
  }, 120_000);

  it('an auto-pause (leader deleted) and concurrent user pauses end in one paused state', async () => {
    const { leaderClient: leader } = peers;
    await leader.indices.create({ index: 'doomed' });
    await indexDocs(leader, 'doomed', 0, 50);
    await gw.client.replication.start({ index: 'doomed-f', wait_for_restore: true, body: { leader_alias: 'leader', leader_index: 'doomed' } } as never);
    await leader.indices.delete({ index: 'doomed' });
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => call('doomed-f', 'pause', i)));
    for (const a of answers) if (a.status !== 200) expect(a).toMatchObject(refusals('doomed-f').pause[0]);
    // Whichever came first, one user pause or the task's auto-pause, every later one was refused.
    const s = await status('doomed-f');
    expect(s.status).toBe('PAUSED');
    expect(answers.filter((a) => a.status === 200).length).toBe(s.reason.startsWith('AutoPaused') ? 0 : 1);
    await new Promise((r) => setTimeout(r, 500));
    expect(await status('doomed-f')).toEqual(s);
  });

  it('an autofollow rule starts nothing once its delete has answered, even mid-poll', async () => {
    const { leaderClient: leader } = peers;
    for (let i = 0; i < 9; i++) await leader.indices.create({ index: `af-${i}` });
    const rule = { leader_alias: 'leader', name: 'af' };
    await gw.client.replication.createReplicationRule({ body: { ...rule, pattern: 'af-*' } } as never);
    const followed = async () => {
      const all = ((await gw.client.transport.request({ method: 'GET', path: '/_plugins/_replication/_status' })).body as any).replications;
      return all.map((r: any) => r.follower_index).filter((n: string) => n.startsWith('af-')).sort();
    };
    await waitFor(async () => (await followed()).length > 0, { what: 'first autofollowed index', intervalMs: 5 });
    await gw.client.replication.deleteReplicationRule({ body: rule } as never);
    const atDelete = await followed();
    await new Promise((r) => setTimeout(r, 1000));
    expect(await followed()).toEqual(atDelete);
  });

  it('with force_resume in the mix (a full re-bootstrap), the follower is re-created once, blocked, and converges', async () => {
    await scenario('race-force', ['pause', 'force', 'update', 'pause', 'resume', 'pause', 'force', 'resume'], 4);
  }, 120_000);
});
