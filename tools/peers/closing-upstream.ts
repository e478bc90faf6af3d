import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A cluster stand-in whose keep-alive sockets die as their second request arrives. */
export interface ClosingUpstream {
  url: string;
  /** Requests answered (the first on each socket). */
  answered(): number;
  /** Sockets destroyed as a later request arrived on them. */
  killed(): number;
  close(): Promise<void>;
}

/**
 * What a server with a short keep-alive timeout does when the race goes against the client: the first
 * request on a connection is answered (an OpenSearch root, with the request's method and a green status),
 * a later one has its socket destroyed unanswered. For testing the retry of idempotent requests.
 */
export async function startClosingUpstream(): Promise<ClosingUpstream> {
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
      const root = { name: 'n1', cluster_name: 'closing', cluster_uuid: 'u-c', version: { number: '2.19.0', distribution: 'opensearch' } };
      res.end(JSON.stringify({ ...root, status: 'green', method: req.method }));
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    answered: () => answered,
    killed: () => killed,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
