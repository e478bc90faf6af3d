import type { ClientRequest, IncomingHttpHeaders } from 'node:http';
import { errors } from 'undici';

// RFC 9110 §9.2.2: sending these twice has the effect of sending them once (POST and PATCH are not).
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/** True for the methods a proxy may send again: GET, HEAD, OPTIONS, PUT, DELETE. */
export function isIdempotent(method: string | undefined): boolean {
  return IDEMPOTENT.has((method ?? 'GET').toUpperCase());
}

/** True when a request announces no body (no length, or 0, and not chunked), so it can be sent again as it is. */
export function hasNoBody(headers: IncomingHttpHeaders): boolean {
  const length = headers['content-length'];
  return headers['transfer-encoding'] === undefined && (length === undefined || length === '0');
}

/**
 * True when `err` is the upstream having closed an idle keep-alive socket just as this request was
 * written on it: the socket was reused and it was reset or hung up before any answer. Node documents
 * this race for `reusedSocket`; the request never reached the server, so an idempotent one may go again.
 */
export function isStaleSocketError(req: ClientRequest, err: unknown): boolean {
  if (!req.reusedSocket) return false;
  const e = err as { code?: string; message?: string } | undefined;
  return e?.code === 'ECONNRESET' || e?.message === 'socket hang up';
}

/**
 * The undici side of the same race: the pooled connection was closed or reset by the upstream before any
 * answer (`SocketError` "other side closed", ECONNRESET, EPIPE). undici does not say whether the socket was
 * reused, so a reset of a fresh connection is retried too; only idempotent requests ever are.
 */
export function isStaleSocketReset(err: unknown): boolean {
  if (err instanceof errors.SocketError) return true;
  const code = (err as { code?: string } | undefined)?.code;
  return code === 'ECONNRESET' || code === 'EPIPE';
}
