import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable, type Writable } from 'node:stream';
import { errors, type Dispatcher } from 'undici';
import { AppError, GatewayTimeoutError, sendError, type Logger } from '@ferry/core';
import { joinPath, type HttpTarget } from '../connections/http-target';
import { downstreamHeaders, hasBody, upstreamHeaders } from './forward-headers';

/** One forwarded request, carried through undici as its `opaque` so the factory and callback are shared functions. */
interface Exchange {
  res: ServerResponse;
  logger: Logger;
  timeoutMs: number;
  abort: AbortController;
}

// The answer's status and headers go out as soon as undici has them; undici then pipes the body into `res`
// with back-pressure and destroys it if the upstream fails mid-body.
function answer({ statusCode, headers, opaque }: Dispatcher.StreamFactoryData<Exchange>): Writable {
  opaque.res.writeHead(statusCode, downstreamHeaders(headers));
  return opaque.res;
}

function upstreamError(err: Error, timeoutMs: number): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof errors.HeadersTimeoutError || err instanceof errors.BodyTimeoutError) {
    return new GatewayTimeoutError(`the local cluster did not answer within ${timeoutMs} ms`, { type: 'timeout_exception' });
  }
  return new AppError(502, `the local cluster is unreachable: ${err.message}`, { type: 'connect_transport_exception' });
}

function done(err: Error | null, { opaque }: Dispatcher.StreamData<Exchange>): void {
  const { res } = opaque;
  if (!err || res.destroyed) return;
  if (!res.headersSent) sendError(res, 'opensearch', upstreamError(err, opaque.timeoutMs), opaque.logger);
  else res.destroy(err);
}

/**
 * Streams a request to an HTTP target through its pooled undici client (keep-alive, no pipelining) and the
 * answer back; 502/504 in OpenSearch's envelope on failure. The request body is streamed from `req`
 * unless an interceptor already read it (`body`). An idempotent request with no body or its body in hand
 * could be retried once on a reused socket the upstream closed: both are known here.
 */
export function forwardHttp(options: { req: IncomingMessage; res: ServerResponse; target: HttpTarget; body?: Buffer; timeoutMs: number; logger: Logger }): void {
  const { req, res, target, body, timeoutMs } = options;
  const opaque: Exchange = { res, logger: options.logger, timeoutMs, abort: new AbortController() };
  res.on('close', () => {
    if (!res.writableFinished) opaque.abort.abort();
  });
  target.pool.stream<Exchange>(
    {
      method: req.method ?? 'GET',
      path: joinPath(target.url, req.url ?? '/'),
      headers: upstreamHeaders(req.headers, target.headers, body !== undefined),
      body: body ?? (hasBody(req.headers) ? req : null),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: opaque.abort.signal,
      opaque,
    },
    answer,
    done,
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
