import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { errors, type Dispatcher } from 'undici';
import { AppError, GatewayTimeoutError, sendError, type Logger } from '@ferry/core';
import { downstreamHeaders } from './forward-headers';
import { isStaleSocketReset } from './stale-socket';

function upstreamError(err: Error, timeoutMs: number): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof errors.HeadersTimeoutError || err instanceof errors.BodyTimeoutError) {
    return new GatewayTimeoutError(`the local cluster did not answer within ${timeoutMs} ms`, { type: 'timeout_exception' });
  }
  return new AppError(502, `the local cluster is unreachable: ${err.message}`, { type: 'connect_transport_exception' });
}

/**
 * undici dispatch handler that writes the upstream's answer straight into the client's response, with
 * back-pressure (pauses the upstream while `res` is full) and aborts the upstream request when the client
 * goes away. undici's own `stream()` is not used: it is meant for a writable it owns (it destroys it once
 * done), and with the response as that writable the gateway served a third of the req/s (docs/benchmarks.md).
 */
export class ForwardHandler implements Dispatcher.DispatchHandler {
  private controller?: Dispatcher.DispatchController;
  private readonly resume = () => this.controller?.resume();
  private readonly closed = () => {
    if (!this.res.writableFinished) this.controller?.abort(new Error('the client went away'));
  };

  private readonly res: ServerResponse;
  private readonly logger: Logger;
  private readonly timeoutMs: number;
  /** Sends the request once more (idempotent and replayable); called at most once, before any answer. */
  private readonly retry?: () => void;

  constructor(options: { res: ServerResponse; logger: Logger; timeoutMs: number; retry?: () => void }) {
    this.res = options.res;
    this.logger = options.logger;
    this.timeoutMs = options.timeoutMs;
    this.retry = options.retry;
    this.res.once('close', this.closed);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.res.destroyed) controller.abort(new Error('the client went away'));
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    this.res.writeHead(statusCode, downstreamHeaders(headers));
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.res.write(chunk)) return;
    controller.pause();
    this.res.once('drain', this.resume);
  }

  onResponseEnd(): void {
    this.res.removeListener('close', this.closed);
    this.res.end();
  }

  onResponseError(_controller: Dispatcher.DispatchController, err: Error): void {
    this.res.removeListener('close', this.closed);
    if (this.res.destroyed) return;
    if (this.retry && !this.res.headersSent && isStaleSocketReset(err)) return this.retry();
    if (!this.res.headersSent) sendError(this.res, 'opensearch', upstreamError(err, this.timeoutMs), this.logger);
    else this.res.destroy(err);
  }
}
