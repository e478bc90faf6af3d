import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A self-signed certificate for 127.0.0.1, made with the openssl CLI. */
export function selfSignedCert(): { cert: string; key: string } {
  const dir = mkdtempSync(join(tmpdir(), 'hq-cert-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ], { stdio: 'ignore' });
    return { cert: readFileSync(join(dir, 'cert.pem'), 'utf8'), key: readFileSync(join(dir, 'key.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** An HTTPS cluster stand-in demanding basic auth, as ES 8 does by default. */
export interface SecuredUpstream {
  url: string;
  cert: string;
  close(): Promise<void>;
}

/** Answers `GET /` (OpenSearch-style) and `GET /_cluster/health`; 401 without `elastic:<password>`. */
export async function startSecuredUpstream(o: { clusterName: string; uuid: string; password: string; cert: { cert: string; key: string } }): Promise<SecuredUpstream> {
  const expected = `Basic ${Buffer.from(`elastic:${o.password}`).toString('base64')}`;
  const server: Server = createServer({ cert: o.cert.cert, key: o.cert.key }, (req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.headers.authorization !== expected) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="security"' });
      res.end(JSON.stringify({ error: { type: 'security_exception', reason: 'missing authentication credentials' }, status: 401 }));
      return;
    }
    if (req.url === '/') {
      res.end(JSON.stringify({ name: 'n1', cluster_name: o.clusterName, cluster_uuid: o.uuid, version: { number: '8.15.0', build_flavor: 'default' } }));
      return;
    }
    res.end(JSON.stringify({ cluster_name: o.clusterName, status: 'green', number_of_nodes: 1 }));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    cert: o.cert.cert,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
