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

/**
 * An upstream that closes an idle keep-alive socket just as the next request arrives on it (what a
 * server with a short keep-alive timeout does when the race goes against the client): the first request
 * on every connection is answered, any later one has its socket destroyed unanswered.
 */
export async function startSocketClosingUpstream(): Promise<{ url: string; answered: () => number; killed: () => number; close(): Promise<void> }> {
  const served = new WeakMap<object, number>();
  let answered = 0;
  let killed = 0;
  const server = createServer((req, res) => {
    const n = (served.get(req.socket) ?? 0) + 1;
    served.set(req.socket, n);
    if (n > 1) {
      killed++;
      req.socket.destroy();
      return;
    }
    req.resume();
    req.on('end', () => {
      answered++;
      res.setHeader('content-type', 'application/json; charset=UTF-8');
      res.end(JSON.stringify({ name: 'n1', cluster_name: 'closing', cluster_uuid: 'u-c', version: { number: '2.19.0', distribution: 'opensearch' }, method: req.method }));
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    answered: () => answered,
    killed: () => killed,
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}
