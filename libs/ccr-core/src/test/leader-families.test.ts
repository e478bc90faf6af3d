import { Client as ElasticClient } from '@elastic/elasticsearch';
import type { Client } from '@opensearch-project/opensearch';
import { indexDocs, sameDocs, snapshot, sourceHash, startGateway, startPeers, waitFor, type Peers } from '../../test/harness';

/** Every `_id` → `_source` hash of an index on an Elasticsearch cluster, read with the Elasticsearch client. */
async function esSnapshot(es: ElasticClient, index: string): Promise<Map<string, string>> {
  await es.indices.refresh({ index });
  const out = new Map<string, string>();
  let res = await es.search({ index, scroll: '1m', size: 500, sort: ['_doc'] });
  try {
    while (res.hits.hits.length > 0) {
      for (const h of res.hits.hits) out.set(h._id!, sourceHash(h._source));
      res = await es.scroll({ scroll_id: res._scroll_id!, scroll: '1m' });
    }
    return out;
  } finally {
    await es.clearScroll({ scroll_id: res._scroll_id! }).catch(() => undefined);
  }
}

async function esIndexDocs(es: ElasticClient, index: string, from: number, to: number): Promise<void> {
  const operations: unknown[] = [];
  for (let i = from; i < to; i++) operations.push({ index: { _index: index, _id: `d${i}` } }, { n: i, title: `doc ${i}`, tags: [`t${i % 7}`] });
  const res = await es.bulk({ operations });
  if (res.errors) throw new Error(`bulk failed: ${JSON.stringify(res.items.find((i) => i.index?.error))}`);
}

/** The leader as its family's official client drives it. */
interface LeaderDriver {
  create(index: string): Promise<void>;
  write(index: string, from: number, to: number): Promise<void>;
  change(index: string): Promise<void>;
  docs(index: string): Promise<Map<string, string>>;
  close(): Promise<void>;
}

function elasticsearchDriver(url: string): LeaderDriver {
  const es = new ElasticClient({ node: url });
  return {
    async create(index) {
      // ES 8 puts a tier preference on every index; an OpenSearch follower refuses it.
      await es.indices.create({ index, settings: { number_of_shards: 2, 'index.routing.allocation.include._tier_preference': 'data_content' }, mappings: { properties: { title: { type: 'text' } } } });
    },
    write: (index, from, to) => esIndexDocs(es, index, from, to),
    async change(index) {
      await es.index({ index, id: 'd1', document: { n: 1, title: 'updated' } });
      await es.delete({ index, id: 'd2' });
      await es.bulk({ operations: Array.from({ length: 30 }, (_, i) => ({ delete: { _index: index, _id: `d${100 + i}` } })) });
      await es.index({ index, id: 'd110', document: { n: 110, title: 're-created' } });
    },
    docs: (index) => esSnapshot(es, index),
    close: () => es.close(),
  };
}

function opensearchDriver(client: Client): LeaderDriver {
  return {
    async create(index) {
      await client.indices.create({ index, body: { settings: { number_of_shards: 2 }, mappings: { properties: { title: { type: 'text' } } } } });
    },
    write: (index, from, to) => indexDocs(client, index, from, to, { tags: ['x'] }),
    async change(index) {
      await client.index({ index, id: 'd1', body: { n: 1, title: 'updated' } });
      await client.delete({ index, id: 'd2' });
      await client.bulk({ body: Array.from({ length: 30 }, (_, i) => ({ delete: { _index: index, _id: `d${100 + i}` } })) } as never);
      await client.index({ index, id: 'd110', body: { n: 110, title: 're-created' } });
    },
    docs: (index) => snapshot(client, index),
    close: async () => undefined,
  };
}

describe.each([
  ['elasticsearch-8'],
  ['opensearch-1'],
] as const)('replication from an %s leader', (flavor) => {
  let peers: Peers;
  let gw: Awaited<ReturnType<typeof startGateway>>;
  let leader: LeaderDriver;

  beforeAll(async () => {
    peers = await startPeers({ leaderFlavor: flavor });
    gw = await startGateway(peers);
    leader = flavor === 'elasticsearch-8' ? elasticsearchDriver(peers.leader.url) : opensearchDriver(peers.leaderClient);
  });
  afterAll(async () => {
    await leader?.close();
    await gw?.close();
    await peers?.close();
  });

  const status = async (index: string) => (await gw.client.replication.status({ index } as never)).body as any;
  const converged = async (leaderIndex: string, followerIndex: string) =>
    sameDocs(await leader.docs(leaderIndex), await snapshot(peers.localClient, followerIndex));

  it('bootstraps under concurrent writes, then follows updates and deletes (ids and _source hashes)', async () => {
    await leader.create('books');
    await leader.write('books', 0, 900);
    const start = await gw.client.replication.start({ index: 'books-f', body: { leader_alias: 'leader', leader_index: 'books' } });
    expect(start.body).toEqual({ acknowledged: true });
    for (let i = 900; i < 1200; i += 50) await leader.write('books', i, i + 50);
    await waitFor(async () => (await status('books-f')).status === 'SYNCING', { what: 'SYNCING' });
    await waitFor(() => converged('books', 'books-f'), { what: 'convergence after bootstrap' });
    expect((await leader.docs('books')).size).toBe(1200);

    await leader.change('books');
    await leader.write('books', 1200, 1300);
    await waitFor(() => converged('books', 'books-f'), { what: 'convergence after updates and deletes' });
    const follower = await snapshot(peers.localClient, 'books-f');
    expect(follower.size).toBe(1300 - 30);
    expect(follower.has('d2')).toBe(false);
    expect((await status('books-f')).status).toBe('SYNCING');
  });

  it('creates the follower without the settings an OpenSearch follower refuses', async () => {
    const settings = (await peers.localClient.indices.getSettings({ index: 'books-f', flat_settings: true } as never)).body as any;
    const flat = settings['books-f'].settings;
    expect(flat['index.number_of_shards']).toBe('2');
    expect(Object.keys(flat).filter((k) => k.includes('_tier_preference'))).toEqual([]);
  });
});
