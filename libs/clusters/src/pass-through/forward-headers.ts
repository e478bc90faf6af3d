import type { IncomingHttpHeaders } from 'node:http';

// Hop-by-hop headers (RFC 9110 §7.6.1), the ones undici sets itself (host, content-length of a body in
// hand, transfer-encoding), `expect` (Node's server already answered 100-continue) and the caller's
// Authorization, which is the gateway's token and must never reach the cluster.
const DROP_REQUEST = new Set(['connection', 'keep-alive', 'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'upgrade', 'host', 'authorization', 'transfer-encoding', 'expect']);
const DROP_RESPONSE = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/**
 * The headers to send upstream, as undici's flat `[name, value, …]` list (one array, no per-header
 * object). The target's auth headers come last; `content-length` is left to undici when the body is in hand.
 * With `allowed`, only the names in it go (hop-by-hop ones and the client's Authorization never do).
 */
export function upstreamHeaders(headers: IncomingHttpHeaders, extra: Record<string, string>, bodyInHand: boolean, allowed?: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const name in headers) {
    if (DROP_REQUEST.has(name) || (bodyInHand && name === 'content-length') || name in extra) continue;
    if (allowed && !allowed.has(name)) continue;
    const value = headers[name];
    if (typeof value === 'string') out.push(name, value);
    else if (value !== undefined) for (const v of value) out.push(name, v);
  }
  for (const name in extra) out.push(name, extra[name]);
  return out;
}

/** The upstream's answer headers without hop-by-hop ones (and, with `allowed`, only those in it), as a flat list for `res.writeHead`. */
export function downstreamHeaders(headers: IncomingHttpHeaders, allowed?: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const name in headers) {
    if (DROP_RESPONSE.has(name) || (allowed && !allowed.has(name))) continue;
    const value = headers[name];
    if (typeof value === 'string') out.push(name, value);
    else if (value !== undefined) for (const v of value) out.push(name, v);
  }
  return out;
}
