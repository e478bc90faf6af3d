import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Request headers a client may send through the proxy. Everything else is dropped, above all
 * `authorization`, `cookie` and `x-forwarded-*`: the cluster's credentials come from the registry only.
 */
export const REQUEST_HEADER_ALLOW_LIST: readonly string[] = [
  'accept',
  'accept-encoding',
  'accept-language',
  'cache-control',
  'content-encoding',
  'content-length',
  'content-type',
  'if-match',
  'if-none-match',
  'transfer-encoding',
  'user-agent',
  'x-opaque-id',
];

/** Response headers passed back to the client; `set-cookie`, `www-authenticate`, `location` and the like stay behind. */
export const RESPONSE_HEADER_ALLOW_LIST: readonly string[] = [
  'content-encoding',
  'content-length',
  'content-type',
  'etag',
  'transfer-encoding',
  'vary',
  'warning',
  'x-opaque-id',
  'deprecation',
  'x-elastic-product',
];

/** Drops every incoming header outside the allow-list, in place (for a cluster served in this process). */
export function filterIncomingHeaders(req: IncomingMessage, allowed: ReadonlySet<string>): void {
  for (const name of Object.keys(req.headers)) {
    if (name !== 'host' && name !== 'connection' && !allowed.has(name)) delete req.headers[name];
  }
}

/**
 * Filters what an in-process cluster writes: headers it sets outside the allow-list are removed when the
 * head is written. Headers already on the response (the gateway's `x-request-id`) stay.
 */
export function filterOutgoingHeaders(res: ServerResponse, allowed: ReadonlySet<string>): void {
  const keep = new Set([...allowed, ...res.getHeaderNames()]);
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, ...args: Parameters<ServerResponse['writeHead']>) {
    for (const name of this.getHeaderNames()) if (!keep.has(name)) this.removeHeader(name);
    const headers = args.find((a, i) => i > 0 && a && typeof a === 'object' && !Array.isArray(a)) as Record<string, unknown> | undefined;
    if (headers) for (const name of Object.keys(headers)) if (!keep.has(name.toLowerCase())) delete headers[name];
    return writeHead.apply(this, args as never);
  } as ServerResponse['writeHead'];
}
