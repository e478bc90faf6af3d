import { createHash, createHmac } from 'node:crypto';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An HTTP front that checks AWS Signature V4 as Kinesis does, then relays to the real peer. */
export interface SigV4Front {
  endpoint: string;
  /** Requests refused so far, with why. */
  refused: string[];
  /** Requests whose signature (and session token) checked. */
  accepted: number;
  stop(): Promise<void>;
}

/** What the front accepts: one key pair (and optional session token). */
export interface SigV4Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/** Recomputes the request's signature with the expected secret; undefined when it matches, else why not. */
export function checkSignature(req: IncomingMessage, body: Buffer, creds: SigV4Credentials): string | undefined {
  const auth = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]+)$/.exec(req.headers.authorization ?? '');
  if (!auth) return 'no SigV4 Authorization header';
  const [, keyId, day, region, service, signed, signature] = auth;
  if (keyId !== creds.accessKeyId) return 'unknown access key';
  if (creds.sessionToken !== undefined && req.headers['x-amz-security-token'] !== creds.sessionToken) return 'wrong session token';
  const names = signed.split(';');
  const headers = names.map((n) => `${n}:${String(req.headers[n] ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  const [path, query = ''] = (req.url ?? '/').split('?');
  const canonical = [req.method, path, query, headers, signed, String(req.headers['x-amz-content-sha256'] ?? sha256(body))].join('\n');
  const scope = `${day}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', String(req.headers['x-amz-date']), scope, sha256(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${creds.secretAccessKey}`, day), region), service), 'aws4_request');
  return createHmac('sha256', key).update(toSign).digest('hex') === signature ? undefined : 'signature does not match';
}

/** Starts a front on 127.0.0.1 relaying signed requests to `target` (e.g. kinesalite). */
export async function startSigV4Front(target: string, creds: SigV4Credentials): Promise<SigV4Front> {
  const front: SigV4Front = { endpoint: '', refused: [], accepted: 0, stop: async () => undefined };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const problem = checkSignature(req, body, creds);
      if (problem) {
        front.refused.push(problem);
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify({ __type: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' }));
        return;
      }
      front.accepted++;
      const relay = request(`${target}${req.url}`, { method: req.method, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      relay.on('error', () => res.writeHead(502).end());
      relay.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  front.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  front.stop = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return front;
}
