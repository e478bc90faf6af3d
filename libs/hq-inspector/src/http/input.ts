import { jsonBody, validationFailure, ValidationError } from '@ferry/core';
import type { RequestHandler } from 'express';
import type { ZodType, z } from 'zod';

/** JSON parser for HQ routes: like HQ's `get_json(force=True)`, the content type is ignored; the depth limit is core's. */
export function hqJsonBody(limitBytes: number): RequestHandler {
  return jsonBody(limitBytes, { anyContentType: true });
}

/** Validates a JSON body against a schema; every issue is reported as a 400. */
export function parseBody<S extends ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    throw validationFailure(result.error.issues.map((i) => ({ path: ['body', ...i.path.map(String)].join('.'), message: i.message })));
  }
  return result.data;
}

/** Demands a JSON object body. */
export function objectBody(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new ValidationError('the request body must be a JSON object');
  return body as Record<string, unknown>;
}
