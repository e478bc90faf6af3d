import request from 'supertest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@opensearch-project/opensearch';
import { createTestGateway, type TestGateway } from '@ferry/core';
import { clustersModule } from '@ferry/clusters';
import { startEmbeddedCluster, type EmbeddedCluster } from '@ferry/embedded-cluster';
import { hqInspectorPlugin } from '../index';

// HQ's key lists (`HQ:elastichq/config/settings.py TestSettings`), adjusted for modern clusters (reference §4).
const KEYS_CLUSTER_SUMMARY = [
  'number_of_in_flight_fetch', 'status', 'timed_out', 'number_of_documents', 'cluster_name', 'active_primary_shards',
  'delayed_unassigned_shards', 'relocating_shards', 'number_of_data_nodes', 'active_shards', 'initializing_shards',
  'active_shards_percent_as_number', 'number_of_nodes', 'task_max_waiting_in_queue_millis', 'version', 'nodes',
  'unassigned_shards', 'indices_size_in_bytes', 'indices_count', 'number_of_pending_tasks',
];
const KEYS_CLUSTER_HEALTH = [
  'active_primary_shards', 'number_of_in_flight_fetch', 'number_of_data_nodes', 'number_of_nodes', 'delayed_unassigned_shards',
  'unassigned_shards', 'number_of_pending_tasks', 'initializing_shards', 'cluster_name', 'task_max_waiting_in_queue_millis',
  'timed_out', 'active_shards', 'relocating_shards', 'status', 'active_shards_percent_as_number',
];
const KEYS_CLUSTER_STATE = ['nodes', 'metadata', 'blocks', 'master_node', 'version', 'state_uuid', 'cluster_name', 'routing_table', 'routing_nodes'];
const KEYS_CLUSTER_STATS = ['nodes', 'cluster_name', 'timestamp', 'status', 'indices'];
const KEYS_NODE_STATS = ['process', 'indices', 'jvm', 'transport', 'thread_pool', 'timestamp', 'name', 'ip', 'fs', 'host', 'os', 'breakers', 'script', 'http', 'transport_address'];
// `build` was ES 2 only; modern nodes report build_hash/build_type.
const KEYS_NODE_INFO = ['process', 'plugins', 'ip', 'modules', 'http', 'thread_pool', 'jvm', 'name', 'host', 'settings', 'os', 'transport', 'transport_address', 'version', 'build_hash'];

/** Fails with the whole answer, so a broken route says why. */
function ok(res: request.Response, status = 200): request.Response {
  if (res.status !== status || res.body.status_code !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body).slice(0, 600)}`);
  return res;
}

const hasKeys = (keys: string[]) => expect.objectContaining(Object.fromEntries(keys.map((k) => [k, expect.anything()])));

describe("HQ's acceptance checks against an embedded cluster through the gateway", () => {
  const dir = mkdtempSync(join(tmpdir(), 'hq-accept-'));
  let es: EmbeddedCluster;
  let gw: TestGateway;
  let name: string;
  const api = () => request(gw.url);
  const connect = () => api().post('/api/clusters/_connect').send({ ip: '127.0.0.1', port: String(es.port) });

  beforeAll(async () => {
    es = await startEmbeddedCluster({ name: 'elasticsearch', dataDir: join(dir, 'es') });
    gw = await createTestGateway({ modules: [clustersModule()], plugins: [hqInspectorPlugin], config: { clusters: { connections: {} } } });
    name = ok(await connect(), 201).body.data[0].cluster_name;
    // HQ's fixture: cars with 5 shards, 1 replica, 155 documents (sent with the official client through the proxy), two aliases.
    const created = ok(await api().post(`/api/indices/${name}/cars`).send({ settings: { number_of_shards: 5, number_of_replicas: 1 } }));
    expect(created.body.data[0]).toMatchObject({ acknowledged: true });
    const client = new Client({ node: `${gw.url}/api/proxy/${name}` });
    const body = Array.from({ length: 155 }, (_, i) => [{ index: { _index: 'cars', _id: String(i) } }, { make: i % 2 ? 'ford' : 'bmw', price: i }]).flat();
    const bulk = await client.bulk({ body, refresh: true });
    expect(bulk.body.errors).toBe(false);
    await client.close();
    for (const alias of ['alias1', 'alias2']) ok(await api().post(`/api/indices/${name}/cars/${alias}/_aliases`));
  });
  afterAll(async () => {
    await gw?.close();
    await es?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('#1–#4 connections: list, connect (201), delete one, delete _all', async () => {
    expect((await api().delete('/api/clusters/_all/_connect')).status).toBe(200);
    expect((await api().get('/api/clusters')).body).toMatchObject({ status_code: 200, data: [] });
    expect((await api().delete('/api/clusters/_all/_connect')).status).toBe(200);
    expect((await api().get('/api/clusters')).body).toMatchObject({ status_code: 200, data: [] });
    const res = await connect();
    expect(res.status).toBe(201);
    expect(res.body.data[0].cluster_version).toMatch(/^[123]\./);
    expect(res.body.data[0].cluster_distribution).toBe('opensearch');
    name = res.body.data[0].cluster_name;
    expect(name).toBe('elasticsearch');
    expect((await api().get('/api/clusters')).body.data).toHaveLength(1);
    expect((await api().delete(`/api/clusters/${name}/_connect`)).status).toBe(200);
    expect((await api().get('/api/clusters')).body.data).toEqual([]);
    await connect();
    expect((await api().delete('/api/clusters/_all/_connect')).status).toBe(200);
    expect((await api().get('/api/clusters')).body.data).toEqual([]);
    expect((await connect()).status).toBe(201);
  });

  it('#5 cluster summary', async () => {
    const res = ok(await api().get(`/api/clusters/${name}/_summary`));
    expect(res.body.data[0]).toEqual(hasKeys(KEYS_CLUSTER_SUMMARY));
    expect(res.body.data[0].nodes[0]).toMatchObject({ host: '127.0.0.1', is_master_node: true, is_data_node: true });
  });

  it.each([
    ['#6 health', '_health', KEYS_CLUSTER_HEALTH],
    ['#7 state', '_state', KEYS_CLUSTER_STATE],
    ['#8 stats', '_stats', KEYS_CLUSTER_STATS],
    ['#9 pending tasks', '_pending_tasks', ['tasks']],
    ['#10 settings', '_settings', ['persistent', 'transient']],
  ])('%s', async (_n, path, keys) => {
    const res = ok(await api().get(`/api/clusters/${name}/${path}`));
    expect(res.body.data[0]).toEqual(hasKeys(keys));
  });

  it('#11 put cluster settings (a portable dynamic setting instead of discovery.zen.minimum_master_nodes)', async () => {
    ok(await api().put(`/api/clusters/${name}/_settings`).send({ persistent: { 'cluster.routing.allocation.enable': 'primaries' } }));
    const got = (await api().get(`/api/clusters/${name}/_settings`)).body.data[0].persistent;
    expect(got['cluster.routing.allocation.enable'] ?? got.cluster?.routing?.allocation?.enable).toBe('primaries');
  });

  it('#12–#14 node stats and info, all and one id', async () => {
    const stats = ok(await api().get(`/api/nodes/${name}/_stats`));
    const [id, node] = Object.entries(stats.body.data[0].nodes)[0] as [string, unknown];
    expect(node).toEqual(hasKeys(KEYS_NODE_STATS));
    const one = await api().get(`/api/nodes/${name}/${id}/_stats`);
    expect(Object.keys(one.body.data[0].nodes)).toEqual([id]);
    const info = ok(await api().get(`/api/nodes/${name}/_info`));
    const infoNode = Object.values(info.body.data[0].nodes)[0] as Record<string, any>;
    expect(infoNode).toEqual(hasKeys(KEYS_NODE_INFO));
    expect(infoNode.settings.node).toMatchObject({ data: true });
    expect(Object.keys((await api().get(`/api/nodes/${name}/${id}/_info`)).body.data[0].nodes)).toEqual([id]);
    const summary = ok(await api().get(`/api/nodes/${name}/${id}/_summary`));
    expect(summary.body.data.map((n: { node_id: string }) => n.node_id)).toEqual([id]);
    expect((await api().get(`/api/nodes/${name}/no-such-node/_summary`)).body.data).toEqual([]);
  });

  it('#15 index summary of cars', async () => {
    const res = ok(await api().get(`/api/indices/${name}/_summary`));
    expect(res.body.data.find((i: { index_name: string }) => i.index_name === 'cars')).toMatchObject({
      docs: 155,
      docs_deleted: 0,
      health: 'yellow',
      index_name: 'cars',
      state: 'open',
      settings: { number_of_shards: 5, number_of_replicas: 1 },
    });
  });

  it('#16 aliases of cars', async () => {
    const res = ok(await api().get(`/api/indices/${name}/cars/_aliases`));
    expect(res.body.data).toHaveLength(2);
    for (const row of res.body.data) expect(row).toEqual({ index_name: 'cars', alias: expect.stringMatching(/^alias[12]$/) });
  });
});
