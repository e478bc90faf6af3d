import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startPostgres, type PostgresPeer } from '../../../../tools/peers/postgres';
import { converged, failure, indexDocs, startGateway, startPeers, waitFor, type Peers } from '../../test/harness';

type Gateway = Awaited<ReturnType<typeof startGateway>>;

/** Two gateways on one PostgreSQL store and one local cluster (the embedded cluster over HTTP, as a `ferry cluster` process would be). */
describe('ccr on two gateways sharing a PostgreSQL store', () => {
  let pg: PostgresPeer;
  let peers: Peers;
  const gateways = new Map<string, Gateway>();
  const coordination = { leaseTtlMs: 1500, heartbeatMs: 300, renewDeadlineMs: 1000 };

  beforeAll(async () => {
    [pg, peers] = await Promise.all([startPostgres(), startPeers()]);
    const url = await pg.createDatabase('ccr_shared');
    for (const nodeId of ['a', 'b']) {
      const dataDir = join(peers.dir, `gateway-${nodeId}`);
      mkdirSync(dataDir);
      // Gateways sharing a store share its secret key (FERRY_SECRET_KEY, or the same key file).
      if (nodeId !== 'a') copyFileSync(join(peers.dir, 'gateway-a', 'secret.key'), join(dataDir, 'secret.key'));
      gateways.set(nodeId, await startGateway(peers, { dataDir, config: { store: { kind: 'postgres', url }, coordination: { ...coordination, nodeId } } }));
    }
  }, 60_000);
  afterAll(async () => {
    for (const gw of gateways.values()) await gw.close().catch(() => undefined);
    await peers?.close();
    await pg?.stop();
  });

  const gw = (id: string) => gateways.get(id)!;
  const status = async (id: string, index: string) => (await gw(id).client.replication.status({ index } as never)).body as { status: string };
  const cluster = async (id: string) => (await fetch(`${gw(id).gw.url}/_gateway/cluster`)).json() as Promise<{ leases: { kind: string; id: string; owner: string; epoch: number }[] }>;
  const leaseOf = async (id: string, index: string) => (await cluster(id)).leases.find((l) => l.kind === 'ccr' && l.id === index);

  it('serves a replication started on one gateway from the other, guard included, and moves it when its owner stops', async () => {
    const { leaderClient: leader, localClient: local } = peers;
    await leader.indices.create({ index: 'orders', body: { settings: { number_of_shards: 2 } } });
    await indexDocs(leader, 'orders', 0, 400);
    await gw('a').client.replication.start({ index: 'orders-f', body: { leader_alias: 'leader', leader_index: 'orders' } });

    // Node b answers for it at once (the shared store) and refuses writes to the follower within a second (NOTIFY).
    expect((await status('b', 'orders-f')).status).toMatch(/BOOTSTRAPPING|SYNCING/);
    const t0 = Date.now();
    await waitFor(async () => (await failure(gw('b').client.index({ index: 'orders-f', id: 'x', body: { a: 1 } }))).status === 403, { timeoutMs: 1000, intervalMs: 50, what: 'guard on b' });
    expect(Date.now() - t0).toBeLessThan(1000);
    await waitFor(async () => (await status('b', 'orders-f')).status === 'SYNCING', { what: 'SYNCING' });
    await waitFor(() => converged(leader, 'orders', local, 'orders-f'), { what: 'convergence' });

    // Exactly one node holds the follower index's lease, and both nodes report the same one (once the
    // fair share settled: two items, the auto-follow poller and this index, one per node).
    const first = await waitFor(async () => {
      const [fromA, fromB] = [await leaseOf('a', 'orders-f'), await leaseOf('b', 'orders-f')];
      const owners = (await cluster('a')).leases.map((l) => l.owner).sort();
      return fromA && fromA.owner === fromB?.owner && fromA.epoch === fromB.epoch && owners.join() === 'a,b' ? fromA : undefined;
    }, { what: 'one lease per node' });
    expect(first).toMatchObject({ owner: expect.stringMatching(/^[ab]$/), epoch: expect.any(Number) });
    const autofollow = (await cluster('a')).leases.filter((l) => l.kind === 'ccr-autofollow');
    expect(autofollow).toHaveLength(1);

    // Its owner leaves; the other takes the lease at the next epoch and carries on under leader writes.
    const owner = first!.owner;
    const other = owner === 'a' ? 'b' : 'a';
    const writer = (async () => {
      for (let i = 400; i < 700; i += 30) await indexDocs(leader, 'orders', i, i + 30);
    })();
    await gw(owner).close();
    gateways.delete(owner);
    await waitFor(async () => (await leaseOf(other, 'orders-f'))?.owner === other, { timeoutMs: 5000, intervalMs: 100, what: 'lease moved' });
    expect((await leaseOf(other, 'orders-f'))!.epoch).toBeGreaterThan(first!.epoch);
    await writer;
    await leader.delete({ index: 'orders', id: 'd5' });
    await waitFor(() => converged(leader, 'orders', local, 'orders-f'), { what: 'convergence after the move' });
    expect((await status(other, 'orders-f')).status).toBe('SYNCING');
    // Follower copies carry the leader's _seq_no as their external version: a late write of an older
    // operation by a former owner is refused by the follower (409) instead of overwriting this one.
    const onLeader = (await leader.get({ index: 'orders', id: 'd450' })).body as { _seq_no: number };
    const onFollower = (await local.get({ index: 'orders-f', id: 'd450' })).body as { _version: number };
    expect(onFollower._version).toBe(onLeader._seq_no);

    // Control from the remaining node: pause, resume, stop; the guard is lifted with the stop.
    await gw(other).client.replication.pause({ index: 'orders-f', body: {} } as never);
    expect((await status(other, 'orders-f')).status).toBe('PAUSED');
    expect(await leaseOf(other, 'orders-f')).toBeUndefined();
    await gw(other).client.replication.resume({ index: 'orders-f', body: {} });
    await gw(other).client.replication.stop({ index: 'orders-f', body: {} } as never);
    expect((await gw(other).client.index({ index: 'orders-f', id: 'x', body: { a: 1 } })).statusCode).toBe(201);
  }, 90_000);
});
