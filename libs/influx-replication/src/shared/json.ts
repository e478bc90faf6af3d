import { jsonBody } from '@ferry/core';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { z, ZodType } from 'zod';
import { invalid } from './errors';

/**
 * JSON body parser whose syntax errors read like InfluxDB's: `failed to unmarshal json: ...`. Like InfluxDB it
 * decodes the body whatever its Content-Type (`curl -d '{...}'` sends form encoding).
 */
export function influxJsonBody(limitBytes: number): [RequestHandler, ErrorRequestHandler] {
  const onError: ErrorRequestHandler = (err, _req, _res, next) => {
    if ((err as { type?: string }).type === 'entity.parse.failed') return next(invalid(`failed to unmarshal json: ${(err as Error).message}`));
    next(err);
  };
  return [jsonBody(limitBytes, { anyContentType: true, lossyUtf8: true }), onError];
}

/** Validates a decoded body; every issue is reported, worded as InfluxDB's decoder would. */
export function decodeBody<S extends ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
  throw invalid(`failed to unmarshal json: ${issues.join('; ')}`);
}
