import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { stripInternalHeaders } from './internal-headers';

describe('stripInternalHeaders', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = createServer((req, res) => {
      stripInternalHeaders(req);
      res.end(JSON.stringify({ headers: req.headers, raw: req.rawHeaders, distinct: Object.keys(req.headersDistinct) }));
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

  const send = (headers: Record<string, string>) =>
    new Promise<{ headers: Record<string, string>; raw: string[]; distinct: string[] }>((ok, fail) => {
      request({ port, host: '127.0.0.1', headers }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => ok(JSON.parse(text)));
      })
        .on('error', fail)
        .end();
    });

  it('drops every x-ferry-* header, whatever its case, and keeps the others', async () => {
    const seen = await send({ 'X-Ferry-Replication-Writer': 'true', 'x-ferry-other': '1', 'x-ferryman': 'keep', 'x-opaque-id': 'o' });
    expect(Object.keys(seen.headers).sort()).toEqual(['connection', 'host', 'x-ferryman', 'x-opaque-id']);
    expect(seen.raw.filter((_, i) => i % 2 === 0).map((n) => n.toLowerCase()).sort()).toEqual(['connection', 'host', 'x-ferryman', 'x-opaque-id']);
    expect(seen.distinct).not.toContain('x-ferry-replication-writer');
  });
});
