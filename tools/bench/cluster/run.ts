// Failover of leased work between gateways on one real PostgreSQL 15 (tools/peers/postgres.ts), with the
// default lease timing (ttl 3 s, heartbeat 1 s, renew deadline 2 s). Each node is a PostgresCoordinator
// whose database connections go through a TcpPartition: a kill resets them all and refuses new ones, as
// the death of the process does (kill -9). The node owning most items is killed, the time until every item
// runs again on a live node is measured, a fresh node with the same id rejoins, and this repeats.
// Printed: failover p50/p99/max, and the counts that must stay 0 (an item running on two nodes at once,
// an item left unowned).
import { performance } from 'node:perf_hooks';
import { createLogger, PostgresCoordinator, type Lease } from '@ferry/core';
import { startPostgres } from '../../peers/postgres';
import { TcpPartition } from '../../peers/tcp-partition';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const KILLS = arg('kills', 20);
const ITEMS = arg('items', 12);
const NODES = arg('nodes', 3);
const logger = createLogger({ level: 'silent' });

interface Node {
  id: string;
  coordinator: PostgresCoordinator;
  partition: TcpPartition;
  running: Set<string>;
}

/** Who runs which item right now, across all nodes in this process: two at once is a fencing failure. */
const runningOn = new Map<string, Set<string>>();
let overlaps = 0;

async function startNode(id: string, pgPort: number, url: string): Promise<Node> {
  const partition = new TcpPartition(pgPort);
  const port = await partition.listen();
  const coordinator = new PostgresCoordinator({ url: url.replace(`:${pgPort}/`, `:${port}/`), nodeId: id, address: () => id, logger });
  const running = new Set<string>();
  coordinator.register('job', async (lease: Lease) => {
    const holders = runningOn.get(lease.id) ?? new Set<string>();
    if (holders.size > 0) overlaps++;
    runningOn.set(lease.id, holders.add(id));
    running.add(lease.id);
    await new Promise((r) => lease.signal.addEventListener('abort', r, { once: true }));
    running.delete(lease.id);
    holders.delete(id);
  });
  await coordinator.start();
  return { id, coordinator, partition, running };
}

const liveRunning = (nodes: Node[]) => new Set(nodes.flatMap((n) => [...n.running]));

async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 5));
  }
  return true;
}

function quantile(xs: number[], q: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

async function main(): Promise<void> {
  const pg = await startPostgres();
  const url = await pg.createDatabase('bench_cluster');
  let nodes: Node[] = [];
  const dead: Node[] = [];
  const failovers: number[] = [];
  let unowned = 0;
  try {
    for (let i = 0; i < NODES; i++) nodes.push(await startNode(`n${i}`, pg.port, url));
    for (let i = 0; i < ITEMS; i++) await nodes[0].coordinator.want({ kind: 'job', id: `item-${i}` });
    const balanced = () => liveRunning(nodes).size === ITEMS && nodes.every((n) => n.running.size >= Math.floor(ITEMS / NODES));
    for (let k = 0; k < KILLS; k++) {
      if (!(await until(balanced, 15_000))) throw new Error('the items did not settle on the nodes');
      const victim = [...nodes].sort((a, b) => b.running.size - a.running.size)[0];
      const moved = victim.running.size;
      const killedAt = performance.now();
      victim.partition.kill();
      nodes = nodes.filter((n) => n !== victim);
      dead.push(victim);
      const ok = await until(() => liveRunning(nodes).size === ITEMS, 10_000);
      const ms = performance.now() - killedAt;
      if (!ok) unowned++;
      failovers.push(ms);
      process.stdout.write(`kill ${k + 1}: ${victim.id} held ${moved} of ${ITEMS}; all owned again after ${ms.toFixed(0)} ms\n`);
      // The killed node's runners stopped themselves (self-fence) before anyone else could start them.
      nodes.push(await startNode(victim.id, pg.port, url));
    }
  } finally {
    for (const n of [...nodes, ...dead]) {
      n.partition.heal();
      await n.coordinator.stop().catch(() => undefined);
      await n.partition.close();
    }
    await pg.stop();
  }
  process.stdout.write(
    `\nfailover (kill of the node holding most items -> every item running on a live node), ${KILLS} kills, ${NODES} nodes, ${ITEMS} items\n` +
      `  p50 ${quantile(failovers, 0.5).toFixed(0)} ms   p99 ${quantile(failovers, 0.99).toFixed(0)} ms   max ${Math.max(...failovers).toFixed(0)} ms\n` +
      `  items running on two nodes at once: ${overlaps}   kills leaving an item unowned after 10 s: ${unowned}\n`,
  );
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
