import request from 'supertest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestGateway, type TestGateway } from '@ferry/core';
import { clustersModule } from '@ferry/clusters';
import { startEmbeddedCluster, type EmbeddedCluster } from '@ferry/embedded-cluster';
import { hqInspectorPlugin } from '../index';
import { selfSignedCert, startSecuredUpstream, type SecuredUpstream } from './secured-upstream';

describe('errors that say what happened, in HQ’s envelope', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hq-errors-'));
  let es: EmbeddedCluster;
  let secured: SecuredUpstream;
  let gw: TestGateway;
  const api = () => request(gw.url);

  beforeAll(async () => {
    es = await startEmbeddedCluster({ name: 'local-es', dataDir: join(dir, 'es') });
    const cert = selfSignedCert();
    secured = await startSecuredUpstream({ clusterName: 'locked', uuid: 'u-locked', password: 'right-pw', cert });
    gw = await createTestGateway({
      modules: [clustersModule()],
      plugins: [hqInspectorPlugin],
      config: {
        clusters: {
          connections: {
            es: { url: es.url },
            dead: { url: 'http://127.0.0.1:1' },
            locked: { url: secured.url, auth: { type: 'basic', username: 'elastic', password: 'wrong-pw' }, tls: { ca: cert.cert } },
          },
        },
      },
    });
  });
  afterAll(async () => {
    await gw?.close();
    await es?.close();
    await secured?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['GET', '/api/clusters/nope/_health'],
    ['GET', '/api/clusters/nope/diagnostics/_summary'],
    ['GET', '/api/nodes/nope/_summary'],
    ['GET', '/api/indices/nope/_summary'],
    ['GET', '/api/repositories/nope'],
    ['GET', '/api/rest/nope/_cluster_health'],
    ['POST', '/api/query/nope/cars'],
    ['DELETE', '/api/clusters/nope/_connect'],
    ['GET', '/api/hq/nope/_settings'],
  ])('%s %s → 404 "There is no connection with alias"', async (method, path) => {
    const res = await api()[method.toLowerCase() as 'get'](path).send(method === 'POST' ? { query: { match_all: {} } } : undefined);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ status_code: 404, message: "There is no connection with alias 'nope'.", data: [] });
    expect(res.headers['access-control-allow-origin']).toBe('*');
  });

  it('passes a cluster error’s status and reason instead of "Oops! Something bad happened."', async () => {
    const res = await api().get('/api/indices/es/no-such-index');
    expect(res.status).toBe(404);
    expect(res.body.status_code).toBe(404);
    expect(res.body.message).toContain('index_not_found_exception');
    expect(res.body.message).toContain('no-such-index');
  });

  it('answers 404 with the cause for an unreachable cluster and shows it disconnected', async () => {
    const res = await api().get('/api/clusters/dead/_health');
    expect(res.status).toBe(404);
    expect(res.body.message).toMatch(/cluster 'dead' is unreachable: .*ECONNREFUSED/);
    const list = await api().get('/api/clusters');
    expect(list.body.data.find((c: { cluster_name: string }) => c.cluster_name === 'dead')).toMatchObject({ cluster_connected: false, cluster_health: null });
  });

  it('keeps the cluster’s 401', async () => {
    const res = await api().get('/api/clusters/locked/_health');
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ status_code: 401, data: [] });
    expect(res.body.message).toContain('refused the credentials');
  });

  it.each([
    ['POST', '/api/query/es/x', { nothing: 1 }, 400, 'Missing query in request payload!'],
    ['POST', '/api/indices/es/_reindex', { settings: { reindex_option: 'reindex', source_index_name: 'a', destination_index_name: 'a' } }, 400, 'Indices cannot be the same!'],
    ['POST', '/api/indices/es/_reindex', { settings: { reindex_option: 'bogus', source_index_name: 'a', destination_index_name: 'b' } }, 400, "Unknown reindex_option 'bogus'"],
    ['PUT', '/api/indices/es/x/action/_explode', {}, 404, "Unknown index action '_explode'"],
    ['GET', '/api/rest/es/_delete_everything', undefined, 404, "Unknown command '_delete_everything'"],
    ['PUT', '/api/clusters/es/_settings', [1, 2], 400, 'must be a JSON object'],
    ['GET', '/api/clusters/es/what/ever', undefined, 404, 'no handler found'],
  ])('%s %s %j → %d', async (method, path, body, status, message) => {
    const res = await api()[method.toLowerCase() as 'get'](path).send(body as object);
    expect(res.status).toBe(status);
    expect(res.body.status_code).toBe(status);
    expect(res.body.message).toContain(message);
  });

  it('answers 400 for a body that is not JSON, whatever its content type', async () => {
    const res = await api().put('/api/clusters/es/_settings').set('content-type', 'text/plain').send('{not json');
    expect(res.status).toBe(400);
    expect(res.body.status_code).toBe(400);
  });

  it('wraps successes in HQ’s envelope with HQ’s headers', async () => {
    const res = await api().get('/api/clusters/es/_health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status_code: 200, message: null, data: [{ cluster_name: 'local-es' }] });
    expect(Number.isInteger(res.body.response_time)).toBe(true);
    expect(res.headers).toMatchObject({
      'access-control-allow-origin': '*',
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': 'POST, OPTIONS, GET, PUT, DELETE',
      allow: 'POST, GET, PUT, DELETE',
      'access-control-max-age': '3600',
    });
    expect(res.headers['x-hq-response-time']).toBe(String(res.body.response_time));
  });

  it('lists every HQ route in the gateway’s OpenAPI document', async () => {
    const doc = await api().get('/_gateway/openapi.json');
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/clusters/_connect', '/api/clusters/{cluster}/_health', '/api/proxy/{cluster}/{path}']));
  });

  it('serves /api/status without calling the internet, /api/routes sorted, and the /api/rest whitelist', async () => {
    const status = await api().get('/api/status');
    expect(status.body.data[0]).toMatchObject({ name: 'ElasticHQ', installed_version: '3.5.12', current_stable_version: '3.5.12', tagline: 'You know, for Elasticsearch' });
    expect(status.body.data[0].clusters.map((c: { cluster_name: string }) => c.cluster_name)).toEqual(['dead', 'es', 'locked']);
    const routes = (await api().get('/api/routes')).body.data as { url: string; methods: string; api: string }[];
    expect(routes).toContainEqual({ api: 'api.clusters_health', methods: 'GET', url: '/api/clusters/[cluster]/_health' });
    expect(routes).toContainEqual({ api: 'api.nodes_stats', methods: 'GET', url: '/api/nodes/[cluster]/[ids]/_stats' });
    expect(routes.map((r) => r.url)).toEqual([...routes.map((r) => r.url)].sort());
    const rest = await api().get('/api/rest/es/_cluster_health');
    expect(rest.body.data[0]).toMatchObject({ cluster_name: 'local-es' });
    expect((await api().get('/api/rest/es/_cluster_status')).body.data[0].version.distribution).toBe('opensearch');
  });
});
