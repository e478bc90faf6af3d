import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A tiny peer that answers as an OpenSearch cluster (`GET /`) and an InfluxDB (`POST /api/v2/write`), recording each Authorization. */
export interface RecordingUpstream {
  url: string;
  /** `Authorization` of every request, in order (empty string when absent). */
  seen: string[];
  close(): Promise<void>;
}

/** Starts a {@link RecordingUpstream} on a free loopback port. */
export async function startRecordingUpstream(): Promise<RecordingUpstream> {
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(req.headers.authorization ?? '');
    req.resume();
    req.on('end', () => {
      if (req.method === 'POST' && req.url?.startsWith('/api/v2/write')) return void res.writeHead(204).end();
      const body = JSON.stringify({
        name: 'up-node',
        cluster_name: 'upstream',
        cluster_uuid: 'uuid-up',
        version: { distribution: 'opensearch', number: '2.15.0' },
        tagline: 'The OpenSearch Project: https://opensearch.org/',
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
