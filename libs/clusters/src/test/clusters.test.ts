import request from 'supertest';
import { createTestGateway, passThroughInterceptors, definePlugin, ForbiddenError, type TestGateway } from '@ferry/core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clustersModule, CLUSTERS, localPassThrough } from '../index';
import { startRecordingUpstream } from './upstream';
import { STORE_ENGINES, storeFixture } from '../../../../tools/peers/store-engines';

const tokens = [
  { name: 'viewer', token: 'viewer-token-0123456789', role: 'viewer' },
  { name: 'op', token: 'operator-token-0123456789', role: 'operator' },
];

/** A plugin that refuses writes to index `guarded` and answers `GET /claimed` itself, like CCR and pull-ingestion do. */
const guardPlugin = definePlugin({
  id: 'guard',
  mounts: [],
  errorFormat: 'opensearch',
  register({ extensions }) {
    extensions.add(passThroughInterceptors, {
      name: 'guard',
      matches: (method, segments) => segments[0] === 'guarded' || segments[0] === 'claimed' || (method === 'POST' && segments[0] === 'peek'),
      async intercept(req, res) {
        if (req.segments[0] === 'claimed') {
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ claimed: true }));
          return { action: 'handled' };
        }
        if (req.segments[0] === 'peek') {
          const body = JSON.parse((await req.body()).toString());
          if (body.forbidden) throw new ForbiddenError('no', { type: 'cluster_block_exception' });
          return { action: 'continue' };
        }
        if (req.method !== 'GET') throw new ForbiddenError('index [guarded] is a follower', { type: 'cluster_block_exception' });
        return { action: 'continue' };
      },
    });
  },
});

describe.each(STORE_ENGINES)('cluster registry on %s', (engine) => {
  const fixture = storeFixture(engine);

  it('probes, stores without exposing secrets, refuses silent overwrites and survives a restart', async () => {
    const upstream = await startRecordingUpstream('/es');
    const dir = mkdtempSync(join(tmpdir(), 'ferry-clusters-'));
    try {
      let gw = await createTestGateway({ modules: [clustersModule()], dataDir: dir, listen: false, config: { store: fixture.storeConfig() } });
      let registry = gw.gateway.container.resolve(CLUSTERS);
      const view = await registry.upsert({ name: 'prod', url: upstream.url, auth: { type: 'basic', username: 'elastic', password: 's3cret-pw' } });
      expect(view).toMatchObject({ name: 'prod', distribution: 'opensearch', version: '2.19.0', clusterName: 'upstream', clusterUuid: 'u-1', auth: { type: 'basic', username: 'elastic' } });
      expect(JSON.stringify(await registry.list())).not.toContain('s3cret-pw');
      expect(upstream.seen[0].headers.authorization).toBe(`Basic ${Buffer.from('elastic:s3cret-pw').toString('base64')}`);
      expect(upstream.seen[0].url).toBe('/es/');
      await expect(registry.upsert({ name: 'prod', url: upstream.url }, { overwrite: false })).rejects.toThrow("a connection named 'prod' already exists");
      await expect(registry.require('nope')).rejects.toThrow("There is no connection with alias 'nope'.");
      await expect(registry.upsert({ name: 'bad name!', url: 'ftp://x' })).rejects.toMatchObject({ status: 400 });
      await gw.close();
      gw = await createTestGateway({ modules: [clustersModule()], dataDir: dir, listen: false, config: { store: fixture.storeConfig() } });
      registry = gw.gateway.container.resolve(CLUSTERS);
      expect((await registry.get('prod'))?.version).toBe('2.19.0');
      const client = await registry.client('prod');
      const info = await client.info();
      expect(info.body.cluster_name).toBe('upstream');
      await gw.close();
    } finally {
      await upstream.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('pass-through to the local cluster', () => {
  let gw: TestGateway;
  let upstream: Awaited<ReturnType<typeof startRecordingUpstream>>;
  beforeAll(async () => {
    upstream = await startRecordingUpstream('/prefix');
    gw = await createTestGateway({
      modules: [clustersModule()],
      plugins: [guardPlugin],
      fallback: localPassThrough(),
      config: {
        auth: { tokens },
        server: { bodyLimitBytes: 1024 },
        clusters: { local: 'local', connections: { local: { url: upstream.url, auth: { type: 'bearer', token: 'cluster-secret' } } } },
      },
    });
  });
  afterAll(async () => {
    await gw.close();
    await upstream.close();
  });

  it('keeps the path prefix, swaps the caller token for the cluster credentials and streams the body', async () => {
    const res = await request(gw.app)
      .post('/logs/_doc?refresh=true')
      .set('authorization', 'Bearer operator-token-0123456789')
      .set('x-custom', 'kept')
      .send({ msg: 'hello' })
      .expect(200);
    expect(res.body.echoed).toEqual({ method: 'POST', url: '/prefix/logs/_doc?refresh=true', length: 15 });
    expect(res.headers['x-upstream']).toBe('yes');
    const seen = upstream.seen.at(-1)!;
    expect(seen.headers.authorization).toBe('Bearer cluster-secret');
    expect(seen.headers['x-custom']).toBe('kept');
  });

  it.each([
    ['no token', undefined, 'get', '/logs/_search', 401],
    ['viewer reading', 'Bearer viewer-token-0123456789', 'get', '/logs/_search', 200],
    ['viewer searching by POST', 'Bearer viewer-token-0123456789', 'post', '/logs/_search', 200],
    ['viewer writing', 'Bearer viewer-token-0123456789', 'put', '/logs/_doc/1', 403],
    ['operator writing', `Basic ${Buffer.from('x:operator-token-0123456789').toString('base64')}`, 'put', '/logs/_doc/1', 200],
  ] as const)('enforces roles in OpenSearch envelopes: %s', async (_l, auth, method, path, status) => {
    const req = request(gw.app)[method](path);
    if (auth) req.set('authorization', auth);
    const res = await req.send(method === 'get' ? undefined : { a: 1 }).expect(status);
    if (status >= 400) expect(res.body).toMatchObject({ error: { type: 'security_exception' }, status });
  });

  it('runs interceptors: refuse, answer itself, or read the body and let it through', async () => {
    const op = 'Bearer operator-token-0123456789';
    const refused = await request(gw.app).put('/guarded/_doc/1').set('authorization', op).send({ a: 1 }).expect(403);
    expect(refused.body.error).toMatchObject({ type: 'cluster_block_exception', reason: 'index [guarded] is a follower' });
    await request(gw.app).get('/claimed').set('authorization', op).expect(200, { claimed: true });
    const through = await request(gw.app).post('/peek/_doc').set('authorization', op).send({ ok: 1 }).expect(200);
    expect(through.body.echoed).toEqual({ method: 'POST', url: '/prefix/peek/_doc', length: 8 });
    await request(gw.app).post('/peek/_doc').set('authorization', op).send({ forbidden: true }).expect(403);
  });

  it('answers 413 in the OpenSearch envelope for bodies over the limit', async () => {
    const res = await request(gw.app)
      .post('/logs/_bulk')
      .set('authorization', 'Bearer operator-token-0123456789')
      .set('content-type', 'application/x-ndjson')
      .send('x'.repeat(5000))
      .expect(413);
    expect(res.body.error.type).toBe('content_too_long_exception');
  });
});

describe('pass-through failures', () => {
  it('answers 502 when the local cluster is down', async () => {
    const upstream = await startRecordingUpstream();
    const url = upstream.url;
    await upstream.close();
    const gw = await createTestGateway({
      modules: [clustersModule()],
      fallback: localPassThrough(),
      config: { clusters: { connections: { local: { url } } } },
    });
    try {
      const res = await request(gw.app).get('/_cluster/health').expect(502);
      expect(res.body.error.type).toBe('connect_transport_exception');
    } finally {
      await gw.close();
    }
  });
});
