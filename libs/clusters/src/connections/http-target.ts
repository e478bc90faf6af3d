import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { Pool } from 'undici';
import type { ClusterConnectionSpec } from './connection.schemas';

/** Everything needed to send raw HTTP to a cluster: base URL, auth headers and a keep-alive agent. */
export interface HttpTarget {
  url: URL;
  /** Auth headers to add; a client's own Authorization is never forwarded. */
  headers: Record<string, string>;
  agent: HttpAgent | HttpsAgent;
  /** undici's pool to the same origin, for the pass-through: keep-alive, one request per socket at a time. */
  pool: Pool;
  timeoutMs: number;
}

/** The Authorization header for a connection's credentials, if any. */
export function authHeaders(spec: ClusterConnectionSpec): Record<string, string> {
  switch (spec.auth.type) {
    case 'basic':
      return { authorization: `Basic ${Buffer.from(`${spec.auth.username}:${spec.auth.password}`).toString('base64')}` };
    case 'apiKey':
      return { authorization: `ApiKey ${spec.auth.apiKey}` };
    case 'bearer':
      return { authorization: `Bearer ${spec.auth.token}` };
    default:
      return {};
  }
}

/** Builds the HTTP target of a connection, with its own keep-alive agent and undici pool (no sockets until used). */
export function createHttpTarget(spec: ClusterConnectionSpec): HttpTarget {
  const url = new URL(spec.url);
  const tls = { ca: spec.tls?.ca, cert: spec.tls?.cert, key: spec.tls?.key, rejectUnauthorized: spec.tls?.verify ?? true };
  // As many sockets as the agent allows; pipelining 1 is keep-alive without pipelining (a reused socket
  // carries one request at a time, as with any HTTP/1.1 client the cluster sees).
  const pool = new Pool(url.origin, { connections: 256, pipelining: 1, connect: url.protocol === 'https:' ? tls : undefined });
  const common = { keepAlive: true, maxSockets: 256, maxFreeSockets: 64, scheduling: 'lifo' as const };
  const agent =
    url.protocol === 'https:'
      ? new HttpsAgent({ ...common, ...tls })
      : new HttpAgent(common);
  return { url, headers: authHeaders(spec), agent, pool, timeoutMs: spec.timeoutMs };
}

/** Joins the connection's path prefix and a request path (`/x` + `/_cat/health?v`). */
export function joinPath(base: URL, path: string): string {
  const prefix = base.pathname.endsWith('/') ? base.pathname.slice(0, -1) : base.pathname;
  return `${prefix}${path.startsWith('/') ? path : `/${path}`}`;
}
