import { converged, indexDocs, snapshot, startGateway, startPeers, waitFor, type Peers } from '../../test/harness';

// The safety net (`reconcileIntervalMs`) is set to a minute: every delete seen here was found because the
// leader's per-shard `delete_total` moved, by the shadow pass that signal starts.
const CCR = { reconcileIntervalMs: 60_000, deleteCheckIntervalMs: 50 };

describe.each([['opensearch-3'], ['opensearch-1'], ['elasticsearch-8']] as const)('deletes from an %s leader reach the follower by the delete signal', (flavor) => {
  let peers: Peers;
  let gw: Awaited<ReturnType<typeof startGateway>>;
  const status = async (index: string) => (await gw.client.replication.status({ index } as never)).body as any;

  beforeAll(async () => {
    peers = await startPeers({ leaderFlavor: flavor });
    gw = await startGateway(peers, { ccr: CCR });
    await peers.leaderClient.indices.create({ index: 'books', body: { settings: { number_of_shards: 2 } } });
    await indexDocs(peers.leaderClient, 'books', 0, 3000);
    await gw.client.replication.start({ index: 'books-f', body: { leader_alias: 'leader', leader_index: 'books' } });
    await waitFor(async () => (await status('books-f')).status === 'SYNCING', { what: 'SYNCING' });
    await waitFor(() => converged(peers.leaderClient, 'books', peers.localClient, 'books-f'), { what: 'bootstrap' });
  });
  afterAll(async () => {
    await gw?.close();
    await peers?.close();
  });

  it('deletes old and new documents, keeps updated ones and ones deleted then re-created', async () => {
    const leader = peers.leaderClient;
    await indexDocs(leader, 'books', 3000, 3100);
    await waitFor(async () => (await snapshot(peers.localClient, 'books-f')).size === 3100, { what: 'new documents' });
    const ops: unknown[] = [];
    // Old documents spread over both shards and the whole `_seq_no` range, and the newest ones.
    for (const i of [0, 7, 450, 1499, 1500, 2222, 2999, 3001, 3099]) ops.push({ delete: { _index: 'books', _id: `d${i}` } });
    // Updated (moved to a newer `_seq_no`), and deleted then re-created in the same bulk.
    ops.push({ index: { _index: 'books', _id: 'd10' } }, { n: 10, title: 'updated' });
    ops.push({ delete: { _index: 'books', _id: 'd20' } }, { index: { _index: 'books', _id: 'd20' } }, { n: 20, title: 're-created' });
    await leader.bulk({ body: ops as never } as never);
    // Deleted in one request and re-created in the next: the follower may see the delete, it must end with the document.
    await leader.delete({ index: 'books', id: 'd30' });
    await leader.index({ index: 'books', id: 'd30', body: { n: 30, title: 're-created later' } });

    await waitFor(() => converged(leader, 'books', peers.localClient, 'books-f'), { what: 'convergence by the delete signal', timeoutMs: 15_000 });
    const follower = await snapshot(peers.localClient, 'books-f');
    expect(follower.size).toBe(3100 - 9);
    for (const id of ['d0', 'd1499', 'd2999', 'd3099']) expect(follower.has(id)).toBe(false);
    const got = await peers.localClient.mget({ index: 'books-f', body: { ids: ['d10', 'd20', 'd30'] } } as never);
    expect((got.body as any).docs.map((d: any) => d._source?.title)).toEqual(['updated', 're-created', 're-created later']);
  });

  it('converges exactly under mixed writes with deletes anywhere and immediate re-creates', async () => {
    const leader = peers.leaderClient;
    let next = 4000;
    const live = [...(await snapshot(leader, 'books')).keys()];
    for (let round = 0; round < 30; round++) {
      const ops: unknown[] = [];
      for (let k = 0; k < 20; k++) {
        const r = (round * 20 + k) % 10;
        const at = (round * 7919 + k * 104729) % live.length;
        if (r < 5) {
          ops.push({ index: { _index: 'books', _id: `d${next}` } }, { n: next, title: 'new' });
          live.push(`d${next++}`);
        } else if (r < 7) ops.push({ index: { _index: 'books', _id: live[at] } }, { n: -1, title: `updated ${round}` });
        else if (r < 9) ops.push({ delete: { _index: 'books', _id: live.splice(at, 1)[0] } });
        else {
          // Deleted now, back in the next round's bulk.
          const id = live[at];
          ops.push({ delete: { _index: 'books', _id: id } });
          setTimeout(() => void leader.index({ index: 'books', id, body: { n: -2, title: 'back' } }), 30);
        }
      }
      await leader.bulk({ body: ops as never } as never);
      await new Promise((r) => setTimeout(r, 40));
    }
    await new Promise((r) => setTimeout(r, 100));
    await waitFor(() => converged(leader, 'books', peers.localClient, 'books-f'), { what: 'convergence under mixed writes', timeoutMs: 15_000 });
    expect((await status('books-f')).status).toBe('SYNCING');
  });
});
