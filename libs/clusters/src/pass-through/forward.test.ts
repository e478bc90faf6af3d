import { Agent, request as httpRequest, createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestGateway, definePlugin, ForbiddenError, passThroughInterceptors, type TestGateway } from '@ferry/core';
import { clustersModule, localPassThrough } from '../index';
import { startRecordingUpstream } from '../test/upstream';

/** Refuses a `POST /peek` whose body holds `"forbidden"`, like the guards that read `_bulk` bodies. */
const peekPlugin = definePlugin({
  id: 'peek',
  mounts: [],
  errorFormat: 'opensearch',
  register({ extensions }) {
    extensions.add(passThroughInterceptors, {
      name: 'peek',
      matches: (method, segments) => method === 'POST' && segments[0] === 'peek',
      async intercept(req) {
        if ((await req.body()).includes('"forbidden"')) throw new ForbiddenError('no', { type: 'cluster_block_exception' });
        return { action: 'continue' };
      },
    });
  },
});

/** Sends `chunks` to the gateway as one request; resolves with status and body. */
function send(url: string, path: string, chunks: Buffer[], headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}${path}`, { method: 'POST', headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString() }));
    });
    req.on('error', reject);
    for (const c of chunks) req.write(c);
    req.end();
  });
}

async function gatewayTo(url: string): Promise<TestGateway> {
  return createTestGateway({ modules: [clustersModule()], plugins: [peekPlugin], fallback: localPassThrough(), config: { clusters: { connections: { local: { url } } } } });
}

describe('pass-through over HTTP: bodies', () => {
  let gw: TestGateway;
  let upstream: Awaited<ReturnType<typeof startRecordingUpstream>>;
  beforeAll(async () => {
    upstream = await startRecordingUpstream();
    gw = await gatewayTo(upstream.url);
  });
  afterAll(async () => {
    await gw.close();
    await upstream.close();
  });

  // 4 MB in 64 KB pieces: more than any socket buffer, so the body is streamed in many reads.
  const big = Array.from({ length: 64 }, (_, i) => Buffer.alloc(65_536, String.fromCharCode(97 + (i % 26))));
  it.each([
    ['with a content-length', { 'content-length': String(64 * 65_536) }, 'logs/_bulk'],
    ['chunked, without a content-length', { 'transfer-encoding': 'chunked' }, 'logs/_bulk'],
    ['read by an interceptor first', { 'content-length': String(64 * 65_536) }, 'peek/_doc'],
  ])('forwards a large body intact: %s', async (_label, headers, path) => {
    const res = await send(gw.url, `/${path}`, big, { 'content-type': 'application/x-ndjson', ...headers });
    expect(res.status).toBe(200);
    const seen = upstream.seen.at(-1)!;
    expect(seen.url).toBe(`/${path}`);
    expect(seen.body).toBe(Buffer.concat(big).toString());
    expect(seen.headers['content-length'] ?? String(seen.body.length)).toBe(String(seen.body.length));
  });

  it("keeps the client's connection open across answers (keep-alive)", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const get = () =>
      new Promise<boolean>((resolve, reject) => {
        const req = httpRequest(`${gw.url}/logs/_search`, { agent }, (res) => res.resume().on('end', () => resolve(req.reusedSocket)));
        req.on('error', reject).end();
      });
    try {
      expect([await get(), await get(), await get()]).toEqual([false, true, true]);
    } finally {
      agent.destroy();
    }
  });

  it('keeps the refusal of an interceptor that reads the body', async () => {
    const before = upstream.seen.length;
    const res = await send(gw.url, '/peek/_doc', [Buffer.from('{"forbidden":true}')], { 'content-type': 'application/json' });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body).error.type).toBe('cluster_block_exception');
    expect(upstream.seen.length).toBe(before);
  });
});

describe('pass-through over HTTP: failures', () => {
  it('answers 502 in the OpenSearch envelope when the upstream refuses connections, body or not', async () => {
    const upstream = await startRecordingUpstream();
    await upstream.close();
    const gw = await gatewayTo(upstream.url);
    try {
      const res = await send(gw.url, '/logs/_bulk', [Buffer.from('{"index":{}}\n{}\n')], { 'content-type': 'application/x-ndjson' });
      expect(res.status).toBe(502);
      expect(JSON.parse(res.body)).toMatchObject({ error: { type: 'connect_transport_exception' }, status: 502 });
    } finally {
      await gw.close();
    }
  });

  it('answers 504 in the OpenSearch envelope when the upstream does not answer in time', async () => {
    const server: Server = createServer(() => undefined);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const gw = await createTestGateway({ modules: [clustersModule()], fallback: localPassThrough(), config: { clusters: { passThroughTimeoutMs: 200, connections: { local: { url } } } } });
    try {
      const res = await send(gw.url, '/logs/_search', [Buffer.from('{}')], { 'content-type': 'application/json' });
      expect(res.status).toBe(504);
      expect(JSON.parse(res.body)).toMatchObject({ error: { type: 'timeout_exception' }, status: 504 });
    } finally {
      await gw.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('aborts the upstream request when the client goes away mid-body, and keeps serving', async () => {
    const incomplete: IncomingMessage[] = [];
    let arrived!: () => void;
    const started = new Promise<void>((r) => (arrived = r));
    const server: Server = createServer((req, res) => {
      if (req.method === 'GET') return void res.end('{"ok":true}');
      req.on('error', () => undefined);
      req.on('close', () => {
        if (!req.complete) incomplete.push(req);
      });
      req.once('data', () => arrived());
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const gw = await gatewayTo(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    try {
      const client = httpRequest(`${gw.url}/logs/_bulk`, { method: 'POST', headers: { 'content-length': '1000000' } });
      client.on('error', () => undefined);
      client.write(Buffer.alloc(10_000, 'x'));
      await started;
      client.destroy();
      await new Promise<void>((r) => {
        const poll = setInterval(() => incomplete.length > 0 && (clearInterval(poll), r()), 10);
      });
      expect(incomplete).toHaveLength(1);
      const res = await new Promise<number>((resolve, reject) => httpRequest(`${gw.url}/_cluster/health`, (r) => (r.resume(), resolve(r.statusCode ?? 0))).on('error', reject).end());
      expect(res).toBe(200);
    } finally {
      await gw.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
