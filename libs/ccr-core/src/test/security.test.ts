import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@opensearch-project/opensearch';
import { createTestGateway, type TestGateway } from '@ferry/core';
import { clustersModule, localPassThrough } from '@ferry/clusters';
import { ccrPlugin } from '../index';
import { failure, FAST_CCR, indexDocs, startPeers, waitFor, type Peers } from '../../test/harness';

const TOKEN = 'operator-token-0123456789';

/** A proxy in front of the leader that records the Authorization header of every request. */
async function recordingProxy(target: string): Promise<{ url: string; seen: Set<string>; close(): Promise<void> }> {
  const seen = new Set<string>();
  const server: Server = createServer((req, res) => {
    seen.add(String(req.headers.authorization ?? 'none'));
    const up = request(new URL(req.url ?? '/', target), { method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    req.pipe(up);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise((ok) => (server.closeAllConnections(), server.close(() => ok()))),
  };
}

describe('ccr with gateway auth on', () => {
  let peers: Peers;
  let proxy: Awaited<ReturnType<typeof recordingProxy>>;
  let gw: TestGateway;
  let client: Client;

  beforeAll(async () => {
    peers = await startPeers();
    proxy = await recordingProxy(peers.leader.url);
    gw = await createTestGateway({
      modules: [clustersModule()],
      plugins: [ccrPlugin],
      fallback: localPassThrough(),
      config: {
        auth: { tokens: [{ name: 'ops', token: TOKEN, role: 'operator' }] },
        clusters: { local: 'local', connections: { local: { url: peers.local.url }, leader: { url: proxy.url } } },
        ccr: { ...FAST_CCR, roles: { leader_reader: { username: 'reader', password: 'secret' }, follower_writer: { apiKey: 'k1' } } },
      },
    });
    client = new Client({ node: gw.url, auth: { username: 'ops', password: TOKEN } });
    await peers.leaderClient.indices.create({ index: 'secure' });
    await indexDocs(peers.leaderClient, 'secure', 0, 20);
  });
  afterAll(async () => {
    await client?.close();
    await gw?.close();
    await proxy?.close();
    await peers?.close();
  });

  it.each([
    ['no roles', undefined, 'Follower roles are mandatory for replication'],
    ['unknown role', { leader_cluster_role: 'leader_reader', follower_cluster_role: 'nobody' }, 'no permissions for role [nobody]'],
  ])('refuses a start with %s (403)', async (_n, useRoles, reason) => {
    const body = { leader_alias: 'leader', leader_index: 'secure', ...(useRoles ? { use_roles: useRoles } : {}) };
    expect(await failure(client.replication.start({ index: 'secure-f', body } as never))).toEqual({ status: 403, type: 'security_exception', reason });
  });

  it('needs a token at all', async () => {
    const anonymous = new Client({ node: gw.url });
    expect((await failure(anonymous.replication.status({ index: 'x' }))).status).toBe(401);
    await anonymous.close();
  });

  it('uses the credentials the roles select on the leader side', async () => {
    proxy.seen.clear();
    await client.replication.start({
      index: 'secure-f',
      wait_for_restore: true,
      body: { leader_alias: 'leader', leader_index: 'secure', use_roles: { leader_cluster_role: 'leader_reader', follower_cluster_role: 'follower_writer' } },
    } as never);
    await waitFor(async () => (await peers.localClient.count({ index: 'secure-f' })).body.count === 20, { what: 'copy' });
    const basic = `Basic ${Buffer.from('reader:secret').toString('base64')}`;
    expect([...proxy.seen]).toEqual([basic]);
  });
});
