import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { ClusterConnectionSpec } from './connection.schemas';

/** Everything needed to send raw HTTP to a cluster: base URL, auth headers and a keep-alive agent. */
export interface HttpTarget {
  url: URL;
  /** Auth headers to add; a client's own Authorization is never forwarded. */
  headers: Record<string, string>;
  agent: HttpAgent | HttpsAgent;
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

/** Builds the HTTP target of a connection, with its own keep-alive agent. */
export function createHttpTarget(spec: ClusterConnectionSpec): HttpTarget {
  const url = new URL(spec.url);
  const common = { keepAlive: true, maxSockets: 256, maxFreeSockets: 64, scheduling: 'lifo' as const };
  const agent =
    url.protocol === 'https:'
      ? new HttpsAgent({
          ...common,
          ca: spec.tls?.ca,
          cert: spec.tls?.cert,
          key: spec.tls?.key,
          rejectUnauthorized: spec.tls?.verify ?? true,
        })
      : new HttpAgent(common);
  return { url, headers: authHeaders(spec), agent, timeoutMs: spec.timeoutMs };
}

/** Joins the connection's path prefix and a request path (`/x` + `/_cat/health?v`). */
export function joinPath(base: URL, path: string): string {
  const prefix = base.pathname.endsWith('/') ? base.pathname.slice(0, -1) : base.pathname;
  return `${prefix}${path.startsWith('/') ? path : `/${path}`}`;
}
