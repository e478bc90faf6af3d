import type { ErrorRequestHandler, Response } from 'express';
import type { ServerResponse } from 'node:http';
import { AppError, toAppError } from '../errors/app-error';
import { renderError, type ErrorFormat } from '../errors/renderers';
import type { Logger } from '../logging/logger';

/** Writes an error in the given envelope on a bare Node response (used off the Express path too). */
export function sendError(res: ServerResponse, format: ErrorFormat, err: unknown, logger?: Logger): void {
  const appError = toAppError(err);
  if (appError.status >= 500 && !(err instanceof AppError) && logger) {
    logger.error({ err }, 'unexpected error');
  } else if (appError.status >= 500 && logger) {
    logger.warn({ err: appError.cause ?? appError, status: appError.status }, appError.message);
  }
  const rendered = renderError(format, appError);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify(rendered.body);
  res.statusCode = rendered.status;
  for (const [name, value] of Object.entries(rendered.headers)) res.setHeader(name, value);
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(body));
  res.end(body);
}

/** Express error middleware rendering every error in one API family's envelope. */
export function createErrorHandler(options: { format: ErrorFormat; logger?: Logger }): ErrorRequestHandler {
  return (err, _req, res: Response, _next) => {
    sendError(res, options.format, err, options.logger);
  };
}
