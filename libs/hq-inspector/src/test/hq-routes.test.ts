import request from 'supertest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestGateway, type TestGateway } from '@ferry/core';
import { clustersModule } from '@ferry/clusters';
import { startEmbeddedCluster, type EmbeddedCluster } from '@ferry/embedded-cluster';
import { hqInspectorPlugin } from '../index';

/** Fails with the whole answer, so a broken route says why. */
function ok(res: request.Response, status = 200): request.Response {
  if (res.status !== status || res.body.status_code !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body).slice(0, 600)}`);
  return res;
}

describe('the rest of HQ’s routes against an embedded cluster (beyond HQ’s own tests)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hq-routes-'));
  let es: EmbeddedCluster;
  let gw: TestGateway;
  const api = () => request(gw.url);
  const c = 'os';

  beforeAll(async () => {
    es = await startEmbeddedCluster({ name: 'routes', dataDir: join(dir, 'es') });
    gw = await createTestGateway({ modules: [clustersModule()], plugins: [hqInspectorPlugin], config: { clusters: { connections: { os: { url: es.url } } } } });
    ok(await api().post(`/api/indices/${c}/logs`).send({ settings: { number_of_shards: 2, number_of_replicas: 0 }, mappings: { properties: { msg: { type: 'text' }, n: { type: 'long' } } } }));
    const lines = Array.from({ length: 20 }, (_, i) => `{"index":{"_index":"logs","_id":"${i}"}}\n{"msg":"hello ${i}","n":${i}}\n`).join('');
    const bulk = await api().post('/api/proxy/os/_bulk?refresh=true').set('content-type', 'application/x-ndjson').send(lines);
    expect(bulk.status).toBe(200);
  });
  afterAll(async () => {
    await gw?.close();
    await es?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('diagnostics: every node with HQ’s rule groups, PASS/WARN/DANGER, HTTP 201 as in HQ', async () => {
    const res = ok(await api().get(`/api/clusters/${c}/diagnostics/_summary`), 201);
    const [node] = res.body.data;
    expect(node).toMatchObject({ is_master_node: true, is_data_node: true, host: expect.any(String) });
    for (const group of ['cache_rules', 'fs_rules', 'action_rules', 'memory_rules', 'network_rules', 'process_rules', 'thread_pool_rules', 'cluster_rules']) {
      expect(Array.isArray(node[group])).toBe(true);
    }
    const all = Object.keys(node).filter((k) => k.endsWith('_rules')).flatMap((k) => node[k]);
    expect(all.length).toBeGreaterThanOrEqual(20);
    for (const r of all) expect([null, 'PASS', 'WARN', 'DANGER']).toContain(r.status);
    expect(node.fs_rules.map((r: { rule_label: string }) => r.rule_label)).toContain('Disk space used');
    expect(node.cluster_rules[0]).toMatchObject({ rule_label: 'Cluster Status', rule_value: 'green', status: 'PASS' });
  });

  it('nodes summary with HQ’s fields from _cat/nodes', async () => {
    const res = ok(await api().get(`/api/nodes/${c}/_summary`));
    expect(res.body.data[0]).toMatchObject({ node_id: expect.any(String), name: 'routes', host: '127.0.0.1', is_master_node: true, is_data_node: true, is_ingest_node: expect.any(Boolean) });
    expect(res.body.data[0].heapPercent).toMatch(/^\d+$/);
  });

  it('index get, stats, shards, mapping (typeless), query', async () => {
    expect(ok(await api().get(`/api/indices/${c}/logs`)).body.data[0].logs.settings.index.number_of_shards).toBe('2');
    expect(Object.keys(ok(await api().get(`/api/indices/${c}`)).body.data[0])).toContain('logs');
    expect(ok(await api().get(`/api/indices/${c}/logs/_stats`)).body.data[0].indices.logs.primaries.docs.count).toBe(20);
    const shards = ok(await api().get(`/api/indices/${c}/logs/_shards`)).body.data;
    expect(shards).toHaveLength(2);
    expect(shards[0]).toMatchObject({ index: 'logs', prirep: 'p' });
    expect(ok(await api().get(`/api/indices/${c}/logs/_mapping`)).body.data[0].logs.mappings.properties.msg.type).toBe('text');
    const typed = await api().get(`/api/indices/${c}/logs/_mapping/data`);
    expect(typed.status).toBe(400);
    expect(typed.body.message).toContain("'data' is a mapping type, but opensearch");
    const hits = ok(await api().post(`/api/query/${c}/logs`).send({ query: { query: { match: { msg: 'hello' } }, size: 3 } })).body.data[0].hits;
    expect(hits.hits).toHaveLength(3);
    const bare = ok(await api().post(`/api/query/${c}/logs`).send({ query: { term: { n: 7 } } })).body.data[0].hits.hits;
    expect(bare.map((h: { _id: string }) => h._id)).toEqual(['7']);
  });

  it('index actions: refresh, flush, cache, force merge, expunge, close (listed by _closed), open', async () => {
    for (const action of ['_refresh', '_flush', '_cache', '_force_merge', '_expunge_deleted']) ok(await api().put(`/api/indices/${c}/logs/action/${action}`));
    ok(await api().put(`/api/indices/${c}/action/_refresh`));
    ok(await api().put(`/api/indices/${c}/logs/action/_close`));
    expect(ok(await api().get(`/api/indices/${c}/_closed`)).body.data.map((r: { index: string }) => r.index)).toEqual(['logs']);
    ok(await api().put(`/api/indices/${c}/logs/action/_open`));
    expect(ok(await api().get(`/api/indices/${c}/_closed`)).body.data).toEqual([]);
  });

  it('reindex: mapping_only copies a typeless mapping, reindex copies documents', async () => {
    ok(await api().post(`/api/indices/${c}/_reindex`).send({ settings: { reindex_option: 'mapping_only', source_index_name: 'logs', destination_index_name: 'logs-copy' } }));
    expect(ok(await api().get(`/api/indices/${c}/logs-copy/_mapping`)).body.data[0]['logs-copy'].mappings.properties.n.type).toBe('long');
    const again = await api().post(`/api/indices/${c}/_reindex`).send({ settings: { reindex_option: 'mapping_only', source_index_name: 'logs', destination_index_name: 'logs-copy' } });
    expect(again.status).toBe(400);
    expect(again.body.message).toBe('Index already contains a mapping!');
    ok(await api().post(`/api/indices/${c}/_reindex`).send({ settings: { reindex_option: 'reindex', source_index_name: 'logs', destination_index_name: 'logs-copy' } }));
    let count = 0;
    for (let i = 0; i < 50 && count < 20; i++) {
      await api().put(`/api/indices/${c}/logs-copy/action/_refresh`);
      count = (await api().get(`/api/proxy/${c}/logs-copy/_count`)).body.count ?? 0;
      if (count < 20) await new Promise((r) => setTimeout(r, 100));
    }
    expect(count).toBe(20);
  });

  it('aliases: add, list (all and one index), remove', async () => {
    ok(await api().post(`/api/indices/${c}/logs/recent/_aliases`));
    expect(ok(await api().get(`/api/indices/${c}/_aliases`)).body.data).toContainEqual({ index_name: 'logs', alias: 'recent' });
    ok(await api().delete(`/api/indices/${c}/logs/recent/_aliases`));
    expect(ok(await api().get(`/api/indices/${c}/logs/_aliases`)).body.data).toEqual([]);
  });

  it('_deleted reads the index graveyard (the embedded cluster keeps it empty; the mapping is unit-tested)', async () => {
    ok(await api().post(`/api/indices/${c}/doomed`).send({}));
    expect((await api().delete(`/api/proxy/${c}/doomed`)).status).toBe(200);
    const deleted = ok(await api().get(`/api/indices/${c}/_deleted`)).body.data;
    expect(Array.isArray(deleted)).toBe(true);
    for (const d of deleted) expect(d).toEqual({ index: expect.anything(), deleted: expect.any(Number) });
  });

  it('repositories and snapshots', async () => {
    const repoDir = join(dir, 'repo');
    expect((await api().put(`/api/proxy/${c}/_snapshot/backups`).send({ type: 'fs', settings: { location: repoDir } })).status).toBe(200);
    expect(ok(await api().get(`/api/repositories/${c}`)).body.data).toEqual([{ repository_name: 'backups', repository_type: 'fs' }]);
    expect(ok(await api().get(`/api/snapshots/${c}/repository/backups`)).body.data).toEqual([]);
  });

  it('HQ settings live in Ferry’s store: defaults, update, reset', async () => {
    expect(ok(await api().get(`/api/hq/${c}/_settings`)).body.data[0]).toMatchObject({ show_dot_indices: true, websocket_interval: 5 });
    expect(ok(await api().put(`/api/hq/${c}/_settings`).send({ show_dot_indices: false })).body.data[0].show_dot_indices).toBe(false);
    ok(await api().delete(`/api/hq/${c}/_settings`));
    expect(ok(await api().get(`/api/hq/${c}/_settings`)).body.data[0].show_dot_indices).toBe(true);
  });
});
