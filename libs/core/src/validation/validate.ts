import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { z, ZodType } from 'zod';
import { ValidationError } from '../errors/app-error';
import type { ValidationIssue } from '../errors/renderers';

/** Schemas for the parts of a request; each is optional. */
export interface RequestSchemas {
  params?: ZodType;
  query?: ZodType;
  body?: ZodType;
  headers?: ZodType;
}

type Out<T> = T extends ZodType ? z.output<T> : undefined;

/** The parsed request parts, typed from the schemas. */
export interface RequestInput<S extends RequestSchemas> {
  params: Out<S['params']>;
  query: Out<S['query']>;
  body: Out<S['body']>;
  headers: Out<S['headers']>;
}

const PARTS = ['params', 'query', 'body', 'headers'] as const;

/**
 * Parses every part and collects every issue before failing, so a client sees all its mistakes at once.
 * Throws a ValidationError whose details hold `{ issues: [{ path, message }] }`.
 */
export function parseRequest<S extends RequestSchemas>(schemas: S, req: Pick<Request, (typeof PARTS)[number]>): RequestInput<S> {
  const issues: ValidationIssue[] = [];
  const out: Record<string, unknown> = {};
  for (const part of PARTS) {
    const schema = schemas[part];
    if (!schema) continue;
    const result = schema.safeParse(req[part] ?? (part === 'body' ? undefined : {}));
    if (result.success) {
      out[part] = result.data;
      continue;
    }
    for (const issue of result.error.issues) {
      const path = [part, ...issue.path.map(String)].join('.');
      issues.push({ path, message: issue.message });
    }
  }
  if (issues.length > 0) throw validationFailure(issues);
  return out as unknown as RequestInput<S>;
}

/** The ValidationError for a list of issues, worded the same in every envelope. */
export function validationFailure(issues: ValidationIssue[]): ValidationError {
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  return new ValidationError(`Invalid request: ${summary}`, {
    type: 'action_request_validation_exception',
    influxCode: 'invalid',
    details: { issues },
  });
}

/** Express middleware form: the parsed parts land in `res.locals.input`. */
export function validate<S extends RequestSchemas>(schemas: S): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    res.locals.input = parseRequest(schemas, req);
    next();
  };
}

/**
 * Route handler that validates first and then calls `fn` with typed input. Rejections reach the
 * plugin's error handler (Express 5 forwards them).
 */
export function withInput<S extends RequestSchemas>(
  schemas: S,
  fn: (input: RequestInput<S>, req: Request, res: Response) => unknown,
): RequestHandler {
  return async (req, res) => {
    await fn(parseRequest(schemas, req), req, res);
  };
}
