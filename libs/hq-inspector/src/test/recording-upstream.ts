import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the upstream saw. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A real HTTP server standing in for a cluster where a test must see exactly what arrived. */
export interface RecordingUpstream {
  url: string;
  seen: SeenRequest[];
  close(): Promise<void>;
}

/**
 * Answers `/…/slow` after 2 s, `/…/stream` in three chunks, everything else with a JSON echo
 * (method, url, body length) and a few headers the proxy must not pass back.
 */
export async function startRecordingUpstream(): Promise<RecordingUpstream> {
  const seen: SeenRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      if (req.url?.includes('/slow')) {
        const t = setTimeout(() => res.end('{}'), 2000);
        res.on('close', () => clearTimeout(t));
        return;
      }
      if (req.url?.includes('/stream')) {
        res.writeHead(200, { 'content-type': 'application/x-ndjson' });
        res.write('{"n":1}\n');
        setTimeout(() => res.write('{"n":2}\n'), 20);
        setTimeout(() => res.end('{"n":3}\n'), 40);
        return;
      }
      res.writeHead(req.url?.includes('/missing') ? 404 : 200, {
        'content-type': 'application/json',
        'set-cookie': 'session=upstream-secret',
        'www-authenticate': 'Basic realm="cluster"',
        'x-internal-secret': 'do-not-leak',
        warning: '299 Elasticsearch "deprecated"',
      });
      res.end(JSON.stringify({ method: req.method, url: req.url, bodyLength: body.length }));
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
