import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { Logger } from '@ferry/core';
import { joinPath, type HttpTarget } from '../connections/http-target';
import { ForwardHandler, type ForwardFailure } from './forward-handler';
import { upstreamHeaders } from './forward-headers';
import { hasNoBody, isIdempotent } from './stale-socket';

/** Options of {@link forwardHttp}. */
export interface ForwardOptions {
  req: IncomingMessage;
  res: ServerResponse;
  target: HttpTarget;
  /** The body, when an interceptor read it already; otherwise it is streamed from `req`. */
  body?: Buffer;
  timeoutMs: number;
  logger: Logger;
  /** The upstream path and query, below the target's prefix; by default `req.url`. */
  path?: string;
  /** Request headers that may go upstream (lower case); by default all but hop-by-hop ones and Authorization. */
  allowRequestHeaders?: ReadonlySet<string>;
  /** Answer headers passed back to the client (lower case); by default all but hop-by-hop ones. */
  allowResponseHeaders?: ReadonlySet<string>;
  /** The envelope and wording of a 502/504; by default OpenSearch's, naming the local cluster. */
  failure?: ForwardFailure;
}

/**
 * Streams a request to an HTTP target through its pooled undici client (keep-alive, no pipelining) and the
 * answer back; 502/504 on failure (OpenSearch's envelope unless `failure` says otherwise). The request body is streamed from `req`
 * unless an interceptor already read it (`body`). An idempotent request with no body or its body in hand
 * is sent once more when the upstream closed the reused socket before answering.
 */
export function forwardHttp(options: ForwardOptions): void {
  const replayable = isIdempotent(options.req.method) && (options.body !== undefined || hasNoBody(options.req.headers));
  send(options, replayable);
}

function send(options: ForwardOptions, mayRetry: boolean): void {
  const { req, res, target, body, timeoutMs, logger, allowResponseHeaders, failure } = options;
  const retry = mayRetry ? () => send(options, false) : undefined;
  target.pool.dispatch(
    {
      method: req.method ?? 'GET',
      path: joinPath(target.url, options.path ?? req.url ?? '/'),
      headers: upstreamHeaders(req.headers, target.headers, body !== undefined, options.allowRequestHeaders),
      // A bodyless request sends none: on a second try its stream may be consumed already.
      body: body ?? (hasNoBody(req.headers) ? null : req),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    },
    new ForwardHandler({ res, logger, timeoutMs, retry, allowResponseHeaders, failure }),
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
