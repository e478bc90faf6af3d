import { Client } from '@opensearch-project/opensearch';
import { createTestGateway, type TestGateway } from '@ferry/core';
import { clustersModule, localPassThrough } from '@ferry/clusters';
import { ccrPlugin } from '../index';
import { failure, FAST_CCR, startPeers, type Peers } from '../../test/harness';

describe('a leader whose family cannot be read', () => {
  let peers: Peers;
  let guarded: TestGateway;
  let gw: TestGateway;
  let client: Client;

  beforeAll(async () => {
    peers = await startPeers();
    await peers.leaderClient.indices.create({ index: 'locked' });
    // A Ferry gateway with auth on in front of the leader: its GET / answers 401 without a token.
    guarded = await createTestGateway({
      modules: [clustersModule()],
      fallback: localPassThrough(),
      config: { auth: { tokens: [{ name: 'ops', token: 'guard-token-0123456789', role: 'operator' }] }, clusters: { local: 'leader', connections: { leader: { url: peers.leader.url } } } },
    });
    gw = await createTestGateway({
      modules: [clustersModule()],
      plugins: [ccrPlugin],
      fallback: localPassThrough(),
      config: { clusters: { local: 'local', connections: { local: { url: peers.local.url }, leader: { url: guarded.url } } }, ccr: FAST_CCR },
    });
    client = new Client({ node: gw.url });
  });
  afterAll(async () => {
    await client?.close();
    await gw?.close();
    await guarded?.close();
    await peers?.close();
  });

  it('refuses _start with a 400 that says why, and creates no follower', async () => {
    const err = await failure(client.replication.start({ index: 'locked-f', body: { leader_alias: 'leader', leader_index: 'locked' } }));
    expect(err.status).toBe(400);
    expect(err.type).toBe('illegal_argument_exception');
    expect(err.reason).toMatch(/leader refused GET \/ \(401\)/);
    expect((await peers.localClient.indices.exists({ index: 'locked-f' })).statusCode).toBe(404);
  });
});
