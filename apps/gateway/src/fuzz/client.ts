import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect, type Socket } from 'node:net';

/** One request as the fuzzer builds it; path, method and headers may hold anything, even bytes Node refuses to send. */
export interface FuzzRequest {
  method: string;
  /** Path and query string, sent as is. */
  path: string;
  headers?: Record<string, string>;
  body?: Buffer;
}

/** What came back; `error` when no HTTP answer arrived (reset, timeout). */
export interface FuzzResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  error?: string;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const PATH_OK = /^[\x21-\xff]+$/;
const VALUE_OK = /^[\t\x20-\x7e\x80-\xff]*$/;
const TIMEOUT_MS = 20_000;

/**
 * True when Node's own client would send this request on a shared keep-alive socket; otherwise it goes over
 * a raw socket of its own. A `Transfer-Encoding` that is not chunked leaves the framing ambiguous and
 * poisons the connection for the next request, so it gets its own connection too.
 */
export function nodeCanSend(req: FuzzRequest): boolean {
  if (Object.keys(req.headers ?? {}).some((k) => k.toLowerCase() === 'transfer-encoding')) return false;
  if (!TOKEN.test(req.method) || !PATH_OK.test(req.path) || !req.path.startsWith('/')) return false;
  return Object.entries(req.headers ?? {}).every(([k, v]) => TOKEN.test(k) && VALUE_OK.test(v));
}

/** Sends fuzzed requests over keep-alive sockets, or a raw socket when Node would refuse the bytes. */
export class FuzzClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 8 });
  // The request each keep-alive socket served last: a hang-up on reuse is usually caused by that one.
  private readonly lastOnSocket = new WeakMap<Socket, string>();
  private readonly host: string;
  private readonly port: number;

  constructor(baseUrl: string) {
    const u = new URL(baseUrl);
    this.host = u.hostname;
    this.port = Number(u.port);
  }

  send(req: FuzzRequest): Promise<FuzzResponse> {
    return nodeCanSend(req) ? this.viaNode(req) : this.viaSocket(req);
  }

  close(): void {
    this.agent.destroy();
  }

  private viaNode(req: FuzzRequest): Promise<FuzzResponse> {
    return new Promise((resolve) => {
      const body = req.body ?? Buffer.alloc(0);
      const headers = { ...(req.headers ?? {}), ...(body.length || !['GET', 'HEAD'].includes(req.method) ? { 'content-length': String(body.length) } : {}) };
      const r = httpRequest({ host: this.host, port: this.port, method: req.method, path: req.path, headers, agent: this.agent, timeout: TIMEOUT_MS }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', (e) => resolve({ status: 0, headers: {}, body: Buffer.alloc(0), error: e.message }));
      });
      r.on('timeout', () => r.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
      let previous: string | undefined;
      r.on('socket', (socket) => {
        previous = this.lastOnSocket.get(socket);
        this.lastOnSocket.set(socket, describeRequest(req));
      });
      r.on('error', (e) => resolve({ status: 0, headers: {}, body: Buffer.alloc(0), error: `${e.message}${previous ? ` on a socket reused after ${previous}` : ' on a new socket'}` }));
      r.end(body);
    });
  }

  private viaSocket(req: FuzzRequest): Promise<FuzzResponse> {
    return new Promise((resolve) => {
      const body = req.body ?? Buffer.alloc(0);
      const lines = [`${req.method} ${req.path} HTTP/1.1`, `host: ${this.host}:${this.port}`, 'connection: close', `content-length: ${body.length}`];
      for (const [k, v] of Object.entries(req.headers ?? {})) lines.push(`${k}: ${v}`);
      const chunks: Buffer[] = [];
      // Not end(): a half-closed socket lets Node drop a request it could still answer.
      const socket = connect(this.port, this.host, () => socket.write(Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'utf8'), body])));
      socket.setTimeout(TIMEOUT_MS, () => socket.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
      socket.on('data', (c: Buffer) => chunks.push(c));
      socket.on('error', (e) => resolve({ status: 0, headers: {}, body: Buffer.alloc(0), error: e.message }));
      socket.on('close', () => resolve(parseRawResponse(Buffer.concat(chunks), req.method)));
    });
  }
}

/** Parses one HTTP/1.1 answer read to the end of the connection. */
export function parseRawResponse(raw: Buffer, method: string): FuzzResponse {
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) return { status: 0, headers: {}, body: Buffer.alloc(0), error: `incomplete answer: ${JSON.stringify(raw.toString('latin1').slice(0, 200))}` };
  const [statusLine, ...headerLines] = raw.subarray(0, end).toString('latin1').split('\r\n');
  const headers: IncomingHttpHeaders = {};
  for (const line of headerLines) {
    const i = line.indexOf(':');
    headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  let body = method === 'HEAD' ? Buffer.alloc(0) : raw.subarray(end + 4);
  if (headers['transfer-encoding'] === 'chunked') body = dechunk(body);
  return { status: Number(statusLine.split(' ')[1]), headers, body };
}

function dechunk(data: Buffer): Buffer {
  const out: Buffer[] = [];
  let at = 0;
  while (at < data.length) {
    const eol = data.indexOf('\r\n', at);
    const size = parseInt(data.subarray(at, eol).toString('latin1'), 16);
    if (!size) break;
    out.push(data.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
  return Buffer.concat(out);
}

/** One line naming a request: method, path, headers and the start of the body. */
export function describeRequest(req: FuzzRequest): string {
  const body = req.body ?? Buffer.alloc(0);
  return `${JSON.stringify(req.method)} ${JSON.stringify(req.path.slice(0, 300))} headers ${JSON.stringify(req.headers ?? {}).slice(0, 300)} body ${JSON.stringify(body.subarray(0, 200).toString('utf8'))} (${body.length} bytes)`;
}
