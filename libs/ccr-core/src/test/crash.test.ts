import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@opensearch-project/opensearch';
import { startChildGateway, type ChildGateway } from '../../test/child-process';
import { converged, gatewayConfig, indexDocs, startPeers, waitFor, type Peers } from '../../test/harness';

/** Index, update and delete on the leader until stopped. */
function churn(leader: Client, index: string, from: number): { stop(): Promise<number> } {
  let running = true;
  let n = from;
  const done = (async () => {
    while (running) {
      const body: unknown[] = [];
      for (let i = 0; i < 20; i++, n++) body.push({ index: { _index: index, _id: `d${n}` } }, { n, title: `doc ${n}` });
      body.push({ index: { _index: index, _id: `d${n - 30}` } }, { n: n - 30, title: 'updated' });
      body.push({ delete: { _index: index, _id: `d${n - 45}` } });
      await leader.bulk({ body: body as never } as never);
      await new Promise((r) => setTimeout(r, 5));
    }
    return n;
  })();
  return { stop: async () => ((running = false), done) };
}

describe('ccr crash safety (kill -9 of the gateway process)', () => {
  let peers: Peers;
  let dataDir: string;
  let gw: ChildGateway | undefined;
  let writes: { stop(): Promise<number> } | undefined;

  beforeAll(async () => {
    peers = await startPeers();
    dataDir = mkdtempSync(join(tmpdir(), 'ccr-crash-'));
  });
  afterAll(async () => {
    await writes?.stop();
    await gw?.kill();
    await peers?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const config = () => ({ ...gatewayConfig(peers, { batchSize: 50 }), dataDir, log: { level: 'silent' } });
  const status = async (g: ChildGateway, index: string) => {
    const c = new Client({ node: g.url });
    try {
      return (await c.replication.status({ index, ferry: true } as never)).body as any;
    } finally {
      await c.close();
    }
  };

  it('converges after kills mid-bootstrap and mid-sync, with writes going on', async () => {
    const leader = peers.leaderClient;
    await leader.indices.create({ index: 'crash', body: { settings: { number_of_shards: 3 } } });
    for (let i = 0; i < 6000; i += 1000) await indexDocs(leader, 'crash', i, i + 1000);

    gw = await startChildGateway(config());
    const client = new Client({ node: gw.url });
    await client.replication.start({ index: 'crash-f', body: { leader_alias: 'leader', leader_index: 'crash' } });
    await client.close();
    writes = churn(leader, 'crash', 6000);
    await waitFor(async () => {
      const s = await status(gw!, 'crash-f');
      return s.status === 'BOOTSTRAPPING' && s.bootstrap_details.files_recovered > 300;
    }, { what: 'bootstrap under way', intervalMs: 10 });
    await gw.kill();
    expect((await peers.localClient.count({ index: 'crash-f' })).body.count).toBeLessThan(6000);

    gw = await startChildGateway(config());
    await waitFor(async () => (await status(gw!, 'crash-f')).status === 'SYNCING', { what: 'bootstrap finished after restart', timeoutMs: 60_000 });
    await new Promise((r) => setTimeout(r, 300));
    await gw.kill();
    await new Promise((r) => setTimeout(r, 300));
    gw = await startChildGateway(config());
    await writes.stop();
    writes = undefined;
    await waitFor(() => converged(leader, 'crash', peers.localClient, 'crash-f'), { what: 'convergence', timeoutMs: 90_000, intervalMs: 300 });
  }, 180_000);
});
