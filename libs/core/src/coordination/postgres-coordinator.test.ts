import { Client } from 'pg';
import { Registry } from 'prom-client';
import { startPostgres, type PostgresPeer } from '../../../../tools/peers/postgres';
import { TcpPartition as Partition } from '../../../../tools/peers/tcp-partition';
import { createLogger } from '../logging/logger';
import type { StoreExecutor } from '../store/store';
import { openPostgresStore } from '../store/postgres-store';
import { fencedStore } from './fenced-store';
import { FencedError, itemKey, type Lease } from './coordinator';
import { PostgresCoordinator } from './postgres-coordinator';

const logger = createLogger({ level: 'silent' });
// Roomy enough for a loaded shared machine: a heartbeat slower than the renew deadline counts as missed.
const timing = { ttlMs: 3000, heartbeatMs: 400, renewDeadlineMs: 2000 };

/** A store transaction on a plain pg client, `?` placeholders as the Store interface has them. */
async function inTransaction<T>(url: string, fn: (tx: StoreExecutor) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const dollars = (sql: string) => {
    let n = 0;
    return sql.replace(/\?/g, () => `$${++n}`);
  };
  const tx: StoreExecutor = {
    all: async <R>(sql: string, params?: readonly unknown[]) => (await client.query(dollars(sql), params as unknown[])).rows as R[],
    get: async <R>(sql: string, params?: readonly unknown[]) => (await client.query(dollars(sql), params as unknown[])).rows[0] as R | undefined,
    run: async (sql: string, params?: readonly unknown[]) => ({ changes: (await client.query(dollars(sql), params as unknown[])).rowCount ?? 0 }),
  };
  try {
    await client.query('BEGIN');
    const out = await fn(tx);
    await client.query('COMMIT');
    return out;
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    await client.end();
  }
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface Node {
  coordinator: PostgresCoordinator;
  metrics: Registry;
  running: Map<string, Lease>;
  events: string[];
}

describe('PostgresCoordinator on a real PostgreSQL', () => {
  let pg: PostgresPeer;
  let url: string;
  let n = 0;
  const nodes: Node[] = [];
  /** Starts and stops of every node, in the order they happened. */
  const timeline: string[] = [];
  const partitions: Partition[] = [];

  beforeAll(async () => {
    pg = await startPostgres();
  }, 30_000);
  afterAll(async () => {
    await pg?.stop();
  });
  beforeEach(async () => {
    url = await pg.createDatabase(`coord_${++n}`);
  });
  afterEach(async () => {
    for (const p of partitions) p.heal();
    await Promise.all(nodes.splice(0).map((node) => node.coordinator.stop().catch(() => undefined)));
    await Promise.all(partitions.splice(0).map((p) => p.close()));
  });

  async function node(id: string, options: { via?: Partition; kinds?: string[] } = {}): Promise<Node> {
    const metrics = new Registry();
    const running = new Map<string, Lease>();
    const events: string[] = [];
    const port = options.via ? await options.via.listen() : pg.port;
    const coordinator = new PostgresCoordinator({ url: url.replace(`:${pg.port}/`, `:${port}/`), nodeId: id, address: () => `http://${id}`, logger, metrics, ...timing });
    for (const kind of options.kinds ?? ['job']) {
      coordinator.register(kind, async (lease) => {
        running.set(itemKey(lease), lease);
        events.push(`start ${itemKey(lease)}@${lease.epoch}`);
        timeline.push(`${id} start ${itemKey(lease)}`);
        await new Promise((r) => lease.signal.addEventListener('abort', r, { once: true }));
        running.delete(itemKey(lease));
        events.push(`stop ${itemKey(lease)}@${lease.epoch}`);
        timeline.push(`${id} stop ${itemKey(lease)}`);
      });
    }
    await coordinator.start();
    const made = { coordinator, metrics, running, events };
    nodes.push(made);
    return made;
  }

  async function counter(node: Node, name: string, labels: Record<string, string> = {}): Promise<number> {
    const metric = (await node.metrics.getMetricsAsJSON()).find((m) => m.name === name);
    const values = (metric?.values ?? []).filter((v) => Object.entries(labels).every(([k, x]) => v.labels[k] === x));
    return values.reduce((sum, v) => sum + Number(v.value), 0);
  }

  const items = (count: number) => Array.from({ length: count }, (_, i) => ({ kind: 'job', id: `item-${i}` }));

  it('splits the items fairly between live nodes and runs each exactly once', async () => {
    const [a, b, c] = [await node('a'), await node('b'), await node('c')];
    for (const item of items(7)) await a.coordinator.want(item);
    await until(() => a.running.size + b.running.size + c.running.size === 7);
    await until(() => [a, b, c].every((x) => x.running.size >= 2 && x.running.size <= 3));
    const all = [...a.running.keys(), ...b.running.keys(), ...c.running.keys()];
    expect(new Set(all).size).toBe(7);
    const view = await b.coordinator.view();
    expect(view.nodes.map((x) => [x.id, x.live])).toEqual([['a', true], ['b', true], ['c', true]]);
    expect(view.leases.every((l) => l.owner !== null && l.expiresAt !== null && l.epoch >= 1)).toBe(true);
  }, 20_000);

  it('moves the items of a node that stops heartbeating, with a higher epoch, after it fenced itself', async () => {
    const partition = new Partition(pg.port);
    partitions.push(partition);
    const a = await node('a', { via: partition });
    for (const item of items(4)) await a.coordinator.want(item);
    await until(() => a.running.size === 4);
    const b = await node('b');
    await until(() => a.running.size === 2 && b.running.size === 2);
    const before = new Map([...a.running.values()].map((l) => [itemKey(l), l.epoch]));

    const cutAt = Date.now();
    partition.hold();
    await until(() => a.running.size === 0, 5000);
    const selfFencedAfter = Date.now() - cutAt;
    await until(() => b.running.size === 4, 8000);
    // a stopped its work itself before its leases could expire, so before b could start any of it.
    expect(selfFencedAfter).toBeLessThan(timing.ttlMs);
    for (const key of before.keys()) expect(timeline.indexOf(`a stop ${key}`)).toBeLessThan(timeline.lastIndexOf(`b start ${key}`));
    for (const [key, epoch] of before) expect(b.running.get(key)?.epoch).toBe(epoch + 1);
    // Two handed over when b joined, two stopped by the self-fence.
    expect(a.events.filter((e) => e.startsWith('stop')).length).toBe(4);
    expect(await counter(a, 'ferry_coordination_leases_lost_total', { reason: 'self-fenced' })).toBe(2);
    expect(await counter(a, 'ferry_coordination_leases_lost_total', { reason: 'released' })).toBe(2);
  }, 30_000);

  it("refuses a stale owner's fenced commit with FencedError, counts it, and lets the new owner's commit through", async () => {
    const store = await openPostgresStore({ url });
    try {
      const a = await node('a');
      await a.coordinator.want({ kind: 'job', id: 'x' });
      await until(() => a.running.size === 1);
      const stale = a.coordinator.lease({ kind: 'job', id: 'x' })!;
      await store.run('CREATE TABLE checkpoints (item TEXT PRIMARY KEY, value INT)');
      await fencedStore(store, a.coordinator, stale).run('INSERT INTO checkpoints VALUES (?, ?)', ['x', 1]);
      // a leaves gracefully; b takes the item at the next epoch.
      const b = await node('b');
      await a.coordinator.stop();
      await until(() => b.running.size === 1);
      const fresh = b.coordinator.lease({ kind: 'job', id: 'x' })!;
      expect(fresh.epoch).toBe(stale.epoch + 1);

      const refused = fencedStore(store, a.coordinator, stale).transaction(async (tx) => {
        await tx.run('UPDATE checkpoints SET value = ? WHERE item = ?', [99, 'x']);
      });
      await expect(refused).rejects.toThrow(FencedError);
      await expect(refused).rejects.toThrow(/job\/x at epoch 1 .*held by b at epoch 2/);
      expect(await counter(a, 'ferry_coordination_fencing_refusals_total')).toBe(1);
      await fencedStore(store, b.coordinator, fresh).run('UPDATE checkpoints SET value = ? WHERE item = ?', [2, 'x']);
      expect(await store.get('SELECT value FROM checkpoints WHERE item = ?', ['x'])).toEqual({ value: 2 });
    } finally {
      await store.close();
    }
  }, 20_000);

  it('releases extra items cooperatively when a node joins: the old owner stops before the new one starts', async () => {
    const a = await node('a');
    for (const item of items(6)) await a.coordinator.want(item);
    await until(() => a.running.size === 6);
    const joinedAt = Date.now();
    const b = await node('b');
    await until(() => a.running.size === 3 && b.running.size === 3);
    // Handed over well before any lease could have expired.
    expect(Date.now() - joinedAt).toBeLessThan(timing.ttlMs);
    for (const key of b.running.keys()) {
      const stopped = a.events.indexOf(`stop ${key}@1`);
      expect(stopped).toBeGreaterThanOrEqual(0);
      expect(b.running.get(key)?.epoch).toBe(2);
    }
    expect(await counter(a, 'ferry_coordination_leases_lost_total', { reason: 'released' })).toBe(3);
  }, 20_000);

  it('withdraws an item for the whole cluster: its owner elsewhere is stopped and fenced', async () => {
    const a = await node('a');
    const b = await node('b');
    await a.coordinator.want({ kind: 'job', id: 'w' });
    await until(() => a.running.size + b.running.size === 1);
    const [owner, other] = a.running.size === 1 ? [a, b] : [b, a];
    const lease = owner.coordinator.lease({ kind: 'job', id: 'w' })!;
    await other.coordinator.withdraw({ kind: 'job', id: 'w' });
    await expect(inTransaction(url, (tx) => owner.coordinator.fence(tx, lease))).rejects.toThrow(/no longer wanted/);
    await until(() => owner.running.size === 0, timing.heartbeatMs * 4);
    expect((await a.coordinator.view()).leases).toEqual([]);
  }, 20_000);

  it('publishes topics to every node by NOTIFY, and by the polled version when a notification was lost', async () => {
    const a = await node('a');
    const b = await node('b');
    let seen = 0;
    b.coordinator.subscribe('ccr', () => seen++);
    const at = Date.now();
    await a.coordinator.publish('ccr');
    await until(() => seen === 1, 1000);
    expect(Date.now() - at).toBeLessThan(1000);
    // Lose b's LISTEN connection: the next heartbeat still sees the new version.
    const admin = new Client({ connectionString: url });
    await admin.connect();
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%' AND pid <> pg_backend_pid()`);
    await admin.end();
    await a.coordinator.publish('ccr');
    await until(() => seen === 2, timing.heartbeatMs * 5);
  }, 20_000);
});
