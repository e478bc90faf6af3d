import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { Logger } from '@ferry/core';
import { joinPath, type HttpTarget } from '../connections/http-target';
import { ForwardHandler } from './forward-handler';
import { hasBody, upstreamHeaders } from './forward-headers';

/**
 * Streams a request to an HTTP target through its pooled undici client (keep-alive, no pipelining) and the
 * answer back; 502/504 in OpenSearch's envelope on failure. The request body is streamed from `req`
 * unless an interceptor already read it (`body`). An idempotent request with no body or its body in hand
 * could be retried once on a reused socket the upstream closed: both are known here.
 */
export function forwardHttp(options: { req: IncomingMessage; res: ServerResponse; target: HttpTarget; body?: Buffer; timeoutMs: number; logger: Logger }): void {
  const { req, res, target, body, timeoutMs } = options;
  target.pool.dispatch(
    {
      method: req.method ?? 'GET',
      path: joinPath(target.url, req.url ?? '/'),
      headers: upstreamHeaders(req.headers, target.headers, body !== undefined),
      body: body ?? (hasBody(req.headers) ? req : null),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    },
    new ForwardHandler(res, options.logger, timeoutMs),
  );
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
