import request from 'supertest';
import { createTestGateway, type TestGateway } from '@ferry/core';
import { clustersModule } from '@ferry/clusters';
import { hqInspectorPlugin } from '../index';
import { startRecordingUpstream, type RecordingUpstream } from './recording-upstream';

const tokens = [
  { name: 'viewer', token: 'viewer-token-0123456789', role: 'viewer' },
  { name: 'op', token: 'operator-token-0123456789', role: 'operator' },
];
const viewer = 'Bearer viewer-token-0123456789';
const operator = 'Bearer operator-token-0123456789';
const clusterAuth = `Basic ${Buffer.from('elastic:cluster-pw').toString('base64')}`;

describe('general proxy /api/proxy/<cluster>/<path>', () => {
  let upstream: RecordingUpstream;
  let gw: TestGateway;

  beforeAll(async () => {
    upstream = await startRecordingUpstream();
    gw = await createTestGateway({
      modules: [clustersModule()],
      plugins: [hqInspectorPlugin],
      config: {
        auth: { tokens },
        clusters: {
          connections: {
            up: { url: `${upstream.url}/es`, auth: { type: 'basic', username: 'elastic', password: 'cluster-pw' } },
            dead: { url: 'http://127.0.0.1:1' },
          },
        },
        hq: { proxy: { timeoutMs: 300 } },
      },
    });
  });
  afterAll(async () => {
    await gw?.close();
    await upstream?.close();
  });

  const last = () => upstream.seen[upstream.seen.length - 1];

  it('keeps the path prefix and query, injects the registry credentials and drops the client’s', async () => {
    const res = await request(gw.url)
      .get('/api/proxy/up/logs/_search?q=a%20b&size=1')
      .set('authorization', operator)
      .set('cookie', 'gw=1')
      .set('x-forwarded-host', 'evil.example')
      .set('x-forwarded-for', '6.6.6.6')
      .set('x-custom', 'nope')
      .set('x-opaque-id', 'trace-1')
      .set('host', 'evil.example:9200');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ method: 'GET', url: '/es/logs/_search?q=a%20b&size=1' });
    const h = last().headers;
    expect(h.authorization).toBe(clusterAuth);
    expect(h.cookie).toBeUndefined();
    expect(h['x-forwarded-host']).toBeUndefined();
    expect(h['x-forwarded-for']).toBeUndefined();
    expect(h['x-custom']).toBeUndefined();
    expect(h['x-opaque-id']).toBe('trace-1');
    expect(h.host).toBe(new URL(upstream.url).host);
  });

  it('passes only allow-listed response headers back', async () => {
    const res = await request(gw.url).get('/api/proxy/up/x').set('authorization', viewer);
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.headers.warning).toContain('deprecated');
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.headers['www-authenticate']).toBeUndefined();
    expect(res.headers['x-internal-secret']).toBeUndefined();
  });

  it.each(['POST', 'PUT', 'DELETE'])('forwards %s bodies byte for byte and passes statuses through', async (method) => {
    const ndjson = `${'{"index":{}}\n{"f":"' + 'x'.repeat(1000) + '"}\n'.repeat(1)}`.repeat(500);
    const res = await request(gw.url)
      [method.toLowerCase() as 'post']('/api/proxy/up/logs/_bulk')
      .set('authorization', operator)
      .set('content-type', 'application/x-ndjson')
      .send(ndjson);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ method, bodyLength: Buffer.byteLength(ndjson) });
    expect(last().body.toString()).toBe(ndjson);
    const json = await request(gw.url).post('/api/proxy/up/logs/_doc').set('authorization', operator).send({ a: 1 });
    expect(last().body.toString()).toBe('{"a":1}');
    expect(json.status).toBe(200);
    expect((await request(gw.url).get('/api/proxy/up/missing').set('authorization', viewer)).status).toBe(404);
  });

  it('streams chunked answers', async () => {
    const res = await request(gw.url).get('/api/proxy/up/stream').set('authorization', viewer).buffer(true).parse((r, cb) => {
      let text = '';
      r.on('data', (c: Buffer) => (text += c.toString()));
      r.on('end', () => cb(null, text));
    });
    expect(res.body).toBe('{"n":1}\n{"n":2}\n{"n":3}\n');
  });

  it('gives viewers GET and HEAD only', async () => {
    expect((await request(gw.url).head('/api/proxy/up/logs').set('authorization', viewer)).status).toBe(200);
    const post = await request(gw.url).post('/api/proxy/up/logs/_search').set('authorization', viewer).send({});
    expect(post.status).toBe(403);
    expect(post.body).toMatchObject({ status_code: 403, data: [] });
    expect((await request(gw.url).get('/api/proxy/up/x')).status).toBe(401);
  });

  it("lets viewers use HQ's query API, which only searches", async () => {
    const res = await request(gw.url).post('/api/query/up/logs').set('authorization', viewer).send({ query: { match_all: {} } });
    expect({ status: res.status, status_code: res.body.status_code }).toEqual({ status: 200, status_code: 200 });
  });

  it.each([
    ['/api/proxy/nope/_cat/health', 404, "There is no connection with alias 'nope'."],
    ['/api/proxy/up/../dead/x', 400, 'not allowed'],
    ['/api/proxy/up/%2e%2e/%2e%2e/x', 400, 'not allowed'],
    ['/api/proxy/up/a%2F..%2F..%2Fx', 400, 'not allowed'],
  ])('refuses %s with %d', async (path, status, message) => {
    const res = await request(gw.url).get(path).set('authorization', viewer);
    expect(res.status).toBe(status);
    expect(res.body.status_code).toBe(status);
    expect(res.body.message).toContain(message);
  });

  it('answers 504 when the cluster is too slow and 502 when it is down', async () => {
    const slow = await request(gw.url).get('/api/proxy/up/slow').set('authorization', viewer);
    expect(slow.status).toBe(504);
    expect(slow.body).toMatchObject({ status_code: 504, data: [] });
    const dead = await request(gw.url).get('/api/proxy/dead/').set('authorization', viewer);
    expect(dead.status).toBe(502);
    expect(dead.body.message).toContain('ECONNREFUSED');
  });
});
