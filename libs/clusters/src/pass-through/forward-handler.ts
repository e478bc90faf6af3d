import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { errors, type Dispatcher } from 'undici';
import { AppError, GatewayTimeoutError, sendError, type ErrorFormat, type Logger } from '@ferry/core';
import { downstreamHeaders } from './forward-headers';
import { isStaleSocketReset } from './stale-socket';

/** How a forwarder reports a failed upstream request: the envelope and the error for a cause. */
export interface ForwardFailure {
  format: ErrorFormat;
  /** The error to answer with; `timedOut` when the upstream did not answer (or stalled) within the timeout. */
  describe(err: Error, timedOut: boolean, timeoutMs: number): AppError;
}

/** The local pass-through's failures: 502/504 in OpenSearch's envelope, naming the local cluster. */
export const passThroughFailure: ForwardFailure = {
  format: 'opensearch',
  describe: (err, timedOut, timeoutMs) =>
    timedOut
      ? new GatewayTimeoutError(`the local cluster did not answer within ${timeoutMs} ms`, { type: 'timeout_exception' })
      : new AppError(502, `the local cluster is unreachable: ${err.message}`, { type: 'connect_transport_exception' }),
};

/** True when undici gave up waiting for the upstream's headers or for the next chunk of its body. */
export function isUpstreamTimeout(err: unknown): boolean {
  return err instanceof errors.HeadersTimeoutError || err instanceof errors.BodyTimeoutError;
}

/** Options of {@link ForwardHandler}. */
export interface ForwardHandlerOptions {
  res: ServerResponse;
  logger: Logger;
  timeoutMs: number;
  /** Sends the request once more (idempotent and replayable); called at most once, before any answer. */
  retry?: () => void;
  /** Answer headers passed back; by default all but hop-by-hop ones. */
  allowResponseHeaders?: ReadonlySet<string>;
  /** By default {@link passThroughFailure}. */
  failure?: ForwardFailure;
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

  constructor(private readonly options: ForwardHandlerOptions) {
    this.res = options.res;
    this.res.once('close', this.closed);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.res.destroyed) controller.abort(new Error('the client went away'));
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    this.res.writeHead(statusCode, downstreamHeaders(headers, this.options.allowResponseHeaders));
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
    const { retry, logger, timeoutMs, failure = passThroughFailure } = this.options;
    if (retry && !this.res.headersSent && isStaleSocketReset(err)) return retry();
    if (this.res.headersSent) return void this.res.destroy(err);
    const error = err instanceof AppError ? err : failure.describe(err, isUpstreamTimeout(err), timeoutMs);
    sendError(this.res, failure.format, error, logger);
  }
}
