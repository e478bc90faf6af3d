import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import { AppError, GatewayTimeoutError, sendError, type Logger } from '@ferry/core';
import { joinPath, type HttpTarget } from '../connections/http-target';
import { hasNoBody, isIdempotent, isStaleSocketError } from './stale-socket';

// Hop-by-hop headers (RFC 9110 §7.6.1) plus the two a proxy owns: Host and the caller's Authorization,
// which is the gateway's token and must never reach the cluster.
const DROP_REQUEST = new Set(['connection', 'keep-alive', 'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'upgrade', 'host', 'authorization']);
const DROP_RESPONSE = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

function requestHeaders(req: IncomingMessage, target: HttpTarget, body: Buffer | undefined): IncomingHttpHeaders {
  const out: IncomingHttpHeaders = {};
  for (const [k, v] of Object.entries(req.headers)) if (!DROP_REQUEST.has(k)) out[k] = v;
  if (body !== undefined) {
    delete out['transfer-encoding'];
    out['content-length'] = String(body.length);
  }
  out.host = target.url.host;
  return Object.assign(out, target.headers);
}

/** Options of {@link forwardHttp}. */
export interface ForwardOptions {
  req: IncomingMessage;
  res: ServerResponse;
  target: HttpTarget;
  /** The body, when an interceptor read it already; otherwise the request is piped. */
  body?: Buffer;
  timeoutMs: number;
  logger: Logger;
}

/**
 * Streams a request to an HTTP target and the answer back; 502/504 in OpenSearch's envelope on failure.
 * An idempotent request whose body is in hand (or that has none) is sent once more when the upstream
 * closed the reused keep-alive socket before answering.
 */
export function forwardHttp(options: ForwardOptions): void {
  const { req, body } = options;
  const replayable = isIdempotent(req.method) && (body !== undefined || hasNoBody(req.headers));
  send(options, replayable);
}

function send(options: ForwardOptions, mayRetry: boolean): void {
  const { req, res, target, body } = options;
  const request = target.url.protocol === 'https:' ? httpsRequest : httpRequest;
  const upstream = request({
    host: target.url.hostname,
    port: target.url.port || (target.url.protocol === 'https:' ? 443 : 80),
    method: req.method,
    path: joinPath(target.url, req.url ?? '/'),
    headers: requestHeaders(req, target, body),
    agent: target.agent,
    timeout: options.timeoutMs,
  });
  upstream.on('response', (up) => {
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(up.headers)) if (v !== undefined && !DROP_RESPONSE.has(k)) headers[k] = v;
    res.writeHead(up.statusCode ?? 502, headers);
    up.pipe(res);
  });
  upstream.on('timeout', () => upstream.destroy(new GatewayTimeoutError(`the local cluster did not answer within ${options.timeoutMs} ms`, { type: 'timeout_exception' })));
  upstream.on('error', (err) => {
    if (mayRetry && !res.headersSent && isStaleSocketError(upstream, err)) return send(options, false);
    const appError = err instanceof AppError ? err : new AppError(502, `the local cluster is unreachable: ${err.message}`, { type: 'connect_transport_exception' });
    if (!res.headersSent) sendError(res, 'opensearch', appError, options.logger);
    else res.destroy(err);
  });
  res.on('close', () => {
    if (!res.writableFinished) upstream.destroy();
  });
  if (body !== undefined) upstream.end(body);
  // A bodyless request ends at once: its stream may be consumed already when this is the second try.
  else if (hasNoBody(req.headers)) upstream.end();
  else req.pipe(upstream);
}

/** A copy of `req` whose body is `body` (already read by an interceptor), for an in-process handler. */
export function replayRequest(req: IncomingMessage, body: Buffer): IncomingMessage {
  const copy = Readable.from(body.length > 0 ? [body] : []) as unknown as IncomingMessage;
  const headers = { ...req.headers, 'content-length': String(body.length) };
  delete headers['transfer-encoding'];
  Object.assign(copy, {
    method: req.method,
    url: req.url,
    headers,
    rawHeaders: req.rawHeaders,
    httpVersion: req.httpVersion,
    httpVersionMajor: req.httpVersionMajor,
    httpVersionMinor: req.httpVersionMinor,
    socket: req.socket,
    connection: req.socket,
    complete: true,
  });
  return copy;
}
