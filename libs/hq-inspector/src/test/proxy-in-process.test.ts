import request from 'supertest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestGateway, type TestGateway } from '@ferry/core';
import { clustersModule, CLUSTERS } from '@ferry/clusters';
import { startEmbeddedCluster, type EmbeddedCluster } from '@ferry/embedded-cluster';
import { hqInspectorPlugin } from '../index';

describe('proxy to an embedded cluster served in-process (the gateway’s default local cluster)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hq-inproc-'));
  let es: EmbeddedCluster;
  let gw: TestGateway;

  beforeAll(async () => {
    es = await startEmbeddedCluster({ name: 'inproc', dataDir: join(dir, 'es') });
    // The registered URL is dead on purpose: answers can only come from the in-process handler.
    gw = await createTestGateway({ modules: [clustersModule()], plugins: [hqInspectorPlugin], config: { clusters: { connections: { local: { url: 'http://127.0.0.1:1' } } } } });
    gw.gateway.container.resolve(CLUSTERS).attachInProcess('local', es.handler);
  });
  afterAll(async () => {
    await gw?.close();
    await es?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves every method without a second hop, keeps the allow-lists and the viewer rule', async () => {
    const put = await request(gw.url).put('/api/proxy/local/books/_doc/1?refresh=true').set('cookie', 'x=1').send({ title: 'Dune' });
    expect(put.status).toBe(201);
    const get = await request(gw.url).get('/api/proxy/local/books/_doc/1');
    expect(get.body._source).toEqual({ title: 'Dune' });
    expect(get.headers['x-request-id']).toBeDefined();
    expect(get.headers['content-type']).toContain('application/json');
    expect((await request(gw.url).head('/api/proxy/local/books')).status).toBe(200);
    const health = await request(gw.url).get('/api/proxy/local/_cluster/health');
    expect(health.body.cluster_name).toBe('inproc');
  });
});
