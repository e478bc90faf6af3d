import { Client } from '@opensearch-project/opensearch';
import { CLUSTERS, clustersModule, localPassThrough } from '@ferry/clusters';
import { createTestGateway, type TestGateway } from '@ferry/core';
import request from 'supertest';
import { ccrPlugin } from '../index';
import { FAST_CCR, indexDocs, startPeers, waitFor, type Peers } from '../../test/harness';

const TOKEN = 'operator-token-0123456789';
const AUTH = `Bearer ${TOKEN}`;
const FORGED = { 'x-ferry-replication-writer': 'true', 'X-Ferry-Anything': 'x' };

// `_all` names no follower index, so there only the follower block (not ccr's pass-through guard) stands in the way.
const ATTEMPTS: [string, string, string, unknown][] = [
  ['_update_by_query on _all', 'post', '/_all/_update_by_query', { script: { source: "ctx._source.title = 'forged'" } }],
  ['_update_by_query on a wildcard', 'post', '/guarded-*/_update_by_query', { script: { source: "ctx._source.title = 'forged'" } }],
  ['_delete_by_query on _all', 'post', '/_all/_delete_by_query', { query: { match_all: {} } }],
  ['_update_by_query', 'post', '/guarded-f/_update_by_query', { script: { source: "ctx._source.title = 'forged'" } }],
  ['_bulk', 'post', '/_bulk', '{"index":{"_index":"guarded-f","_id":"d1"}}\n{"title":"forged"}\n'],
  ['_doc', 'put', '/guarded-f/_doc/d2', { title: 'forged' }],
  ['_doc delete', 'delete', '/guarded-f/_doc/d3', undefined],
];

describe('a client-sent x-ferry-* header stops at the edge', () => {
  let peers: Peers;
  let gw: TestGateway;
  let client: Client;

  beforeAll(async () => {
    peers = await startPeers();
    gw = await createTestGateway({
      modules: [clustersModule()],
      plugins: [ccrPlugin],
      fallback: localPassThrough(),
      config: {
        auth: { tokens: [{ name: 'ops', token: TOKEN, role: 'operator' }] },
        clusters: { local: 'local', connections: { local: { url: peers.local.url }, leader: { url: peers.leader.url } } },
        ccr: { ...FAST_CCR, roles: { reader: { username: 'reader', password: 'reader-pass' }, writer: { apiKey: 'k1' } } },
      },
    });
    client = new Client({ node: gw.url, auth: { username: 'ops', password: TOKEN } });
    await peers.leaderClient.indices.create({ index: 'guarded' });
    await indexDocs(peers.leaderClient, 'guarded', 0, 10);
    await client.replication.start({ index: 'guarded-f', wait_for_restore: true, body: { leader_alias: 'leader', leader_index: 'guarded', use_roles: { leader_cluster_role: 'reader', follower_cluster_role: 'writer' } } } as never);
    await waitFor(async () => (await peers.localClient.count({ index: 'guarded-f' })).body.count === 10, { what: 'copy' });
  });
  afterAll(async () => {
    await client?.close();
    await gw?.close();
    await peers?.close();
  });

  const followerDocs = async () => {
    await peers.localClient.indices.refresh({ index: 'guarded-f' });
    const res = await peers.localClient.search({ index: 'guarded-f', body: { size: 100, sort: [{ n: 'asc' }] } } as never);
    return (res.body.hits.hits as { _id: string; _source: unknown }[]).map((h) => [h._id, h._source]);
  };

  describe.each([['over HTTP'], ['in-process']])('pass-through %s', (mode) => {
    beforeAll(() => {
      if (mode === 'in-process') gw.gateway.container.resolve(CLUSTERS).attachInProcess('local', peers.local.handler);
    });

    it.each(ATTEMPTS)('refuses %s on the follower with the follower block (403)', async (_label, method, path, body) => {
      const before = await followerDocs();
      let req = request(gw.app)[method as 'post'](path).set('authorization', AUTH).set(FORGED);
      if (typeof body === 'string') req = req.set('content-type', 'application/x-ndjson').send(body);
      else if (body !== undefined) req = req.send(body as object);
      const res = await req;
      const blocked = JSON.stringify(res.body).includes('index.blocks.replication') || JSON.stringify(res.body).includes('cluster_block_exception');
      expect({ status: res.status === 200 && path === '/_bulk' ? res.body.items[0].index.status : res.status, blocked }).toEqual({ status: 403, blocked: true });
      expect(await followerDocs()).toEqual(before);
    });
  });

  it('still replicates: the replicator writes into the follower', async () => {
    await indexDocs(peers.leaderClient, 'guarded', 10, 15, { title: 'later' });
    await waitFor(async () => (await peers.localClient.count({ index: 'guarded-f' })).body.count === 15, { what: 'new docs' });
  });
});
