import request from 'supertest';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestGateway, MAX_ANSWER_DEPTH, type TestGateway } from '@ferry/core';
import { clustersModule } from '@ferry/clusters';
import { startEmbeddedCluster, type EmbeddedCluster } from '@ferry/embedded-cluster';
import { hqInspectorPlugin } from '../index';

const deep = (levels: number): string => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
const ROOT = JSON.stringify({ name: 'n', cluster_name: 'deep', cluster_uuid: 'u-deep', version: { number: '2.19.0', distribution: 'opensearch' } });

/** A cluster that answers `GET /` properly and everything else 5,000 levels deep. */
async function startDeepUpstream(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(req.url === '/' ? ROOT : deep(5000));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

/** One request with the body bytes as given (supertest would JSON-encode a Buffer). */
async function send(base: string, method: string, path: string, body: string | Buffer | undefined, type: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}${path}`, { method: method.toUpperCase(), headers: body === undefined ? {} : { 'content-type': type }, body });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

type Case = [name: string, method: 'post' | 'put', path: string, body: string | Buffer, status: number];

describe('HQ API: bad input is a 4xx in HQ’s envelope, a deep cluster answer a clear 502', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hq-bad-'));
  let es: EmbeddedCluster;
  let upstream: Awaited<ReturnType<typeof startDeepUpstream>>;
  let gw: TestGateway;
  const api = () => request(gw.url);

  beforeAll(async () => {
    es = await startEmbeddedCluster({ name: 'local-es', dataDir: join(dir, 'es') });
    upstream = await startDeepUpstream();
    gw = await createTestGateway({
      modules: [clustersModule()],
      plugins: [hqInspectorPlugin],
      config: { clusters: { connections: { es: { url: es.url }, deep: { url: upstream.url } } } },
    });
  });
  afterAll(async () => {
    await gw?.close();
    await es?.close();
    await upstream?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each<Case>([
    ['cluster settings 5,000 levels deep', 'put', '/api/clusters/es/_settings', `{"transient":${deep(5000)}}`, 400],
    ['HQ settings 5,000 levels deep', 'put', '/api/hq/es/_settings', deep(5000), 400],
    ['HQ settings 101 levels deep', 'put', '/api/hq/es/_settings', deep(101), 400],
    ['query 5,000 levels deep', 'post', '/api/query/es/books', `{"query":${deep(5000)}}`, 400],
    ['connect 5,000 levels deep', 'post', '/api/clusters/_connect', deep(5000), 400],
    ['connect: a bearer token with a line break', 'post', '/api/clusters/_connect', JSON.stringify({ url: 'http://127.0.0.1:1', name: 'x', auth: { type: 'bearer', token: 'abc\r\nX-Evil: 1' } }), 400],
    ['connect: an API key with NUL', 'post', '/api/clusters/_connect', JSON.stringify({ url: 'http://127.0.0.1:1', name: 'x', auth: { type: 'apiKey', apiKey: 'k\u0000' } }), 400],
    ['connect: a bearer token beyond ASCII', 'post', '/api/clusters/_connect', JSON.stringify({ url: 'http://127.0.0.1:1', name: 'x', auth: { type: 'bearer', token: 'tök\u4e2d' } }), 400],
    ['connect: ip a number', 'post', '/api/clusters/_connect', '{"ip":7}', 400],
    ['connect: an empty body', 'post', '/api/clusters/_connect', '', 400],
    ['connect: an array', 'post', '/api/clusters/_connect', '[1]', 400],
    ['connect: invalid UTF-8', 'post', '/api/clusters/_connect', Buffer.from([0x7b, 0x22, 0x69, 0x70, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]), 400],
    ['connect: malformed JSON', 'post', '/api/clusters/_connect', '{"ip":', 400],
    ['HQ settings: an array', 'put', '/api/hq/es/_settings', '[1]', 400],
  ])('%s', async (_name, method, path, body, status) => {
    const res = await send(gw.url, method, path, body, 'text/plain');
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ status_code: status, message: expect.any(String), data: [] });
  });

  it.each([
    ['a token with a line break', { url: 'http://127.0.0.1:1', name: 'x', auth: { type: 'bearer', token: 'sekrit-token\n' } }],
    ['a password in an invalid URL', { url: 'http://elastic:sekrit-pw@[::1', name: 'x' }],
    ['a password in an invalid ip', { ip: 'elastic:sekrit-pw@[::1' }],
  ])('never echoes %s', async (_name, body) => {
    const res = await api().post('/api/clusters/_connect').send(body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ status_code: 400, message: expect.any(String), data: [] });
    expect(JSON.stringify(res.body)).not.toContain('sekrit');
  });

  it.each(['/api/clusters/deep/_health', '/api/clusters/deep/_settings', '/api/indices/deep/_summary', '/api/hq/deep/_settings'])(
    'GET %s on a cluster answering 5,000 levels deep: a 502 that says so, not a stack overflow',
    async (path) => {
      const res = await api().get(path);
      expect(res.status).toBe(path.startsWith('/api/hq/') ? 200 : 502);
      if (res.status === 502) expect(res.body).toEqual({ status_code: 502, message: expect.stringContaining(`deeper than ${MAX_ANSWER_DEPTH} levels`), data: [] });
    },
  );
});
