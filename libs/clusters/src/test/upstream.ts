import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the recording upstream saw of one request. */
export interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A recording HTTP upstream: it answers `GET <prefix>/` like an OpenSearch root and echoes every other
 * request, so tests can check exactly what a proxy sent (headers, path, body) — which a real cluster
 * cannot report.
 */
export async function startRecordingUpstream(prefix = ''): Promise<{ url: string; seen: Seen[]; close(): Promise<void>; server: Server }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const entry = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() };
      seen.push(entry);
      res.setHeader('content-type', 'application/json; charset=UTF-8');
      if (req.url === `${prefix}/` && req.method === 'GET') {
        res.end(JSON.stringify({ name: 'n1', cluster_name: 'upstream', cluster_uuid: 'u-1', version: { number: '2.19.0', distribution: 'opensearch' } }));
        return;
      }
      res.setHeader('x-upstream', 'yes');
      res.end(JSON.stringify({ echoed: { method: entry.method, url: entry.url, length: entry.body.length } }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    seen,
    server,
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}
