import { converged, indexDocs, startGateway, startPeers, waitFor, type Peers } from '../../test/harness';

/** One replication whose shard follower fails is paused with the reason; the others and the gateway go on. */
describe('ccr: a failing follower is isolated', () => {
  let peers: Peers;
  let gw: Awaited<ReturnType<typeof startGateway>>;
  const status = async (index: string) => (await gw.client.replication.status({ index })).body as { status: string; reason?: string };

  beforeAll(async () => {
    peers = await startPeers();
    gw = await startGateway(peers);
  });
  afterAll(async () => {
    await gw?.close();
    await peers?.close();
  });

  it('pauses the replication whose leader vanished and keeps the other one syncing', async () => {
    for (const index of ['doomed', 'steady']) {
      await peers.leaderClient.indices.create({ index });
      await indexDocs(peers.leaderClient, index, 0, 20);
      await gw.client.replication.start({ index: `${index}-f`, wait_for_restore: true, body: { leader_alias: 'leader', leader_index: index } } as never);
    }
    await peers.leaderClient.indices.delete({ index: 'doomed' });
    await indexDocs(peers.leaderClient, 'steady', 20, 60);

    const paused = await waitFor(async () => ((await status('doomed-f')).status === 'PAUSED' ? status('doomed-f') : undefined), { what: 'doomed-f paused' });
    expect(paused?.reason).toMatch(/^AutoPaused: \[\[doomed-f\]/);
    await waitFor(() => converged(peers.leaderClient, 'steady', peers.localClient, 'steady-f'), { what: 'steady-f converged' });
    expect((await status('steady-f')).status).toBe('SYNCING');
    expect((await gw.client.cluster.health()).statusCode).toBe(200);
  });
});
