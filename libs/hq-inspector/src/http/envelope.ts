import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** ElasticHQ's success envelope (`HQ:elastichq/common/api_response.py`). */
export interface HqEnvelope<T = unknown> {
  /** Always equal to the HTTP status. */
  status_code: number;
  /** Milliseconds since the request reached the plugin, an integer. */
  response_time: number;
  message: string | null;
  /** A non-list payload is wrapped: `{...}` becomes `[{...}]`, `null` becomes `[null]`. */
  data: T[];
}

/** Options of {@link hqEnvelope}. */
export interface HqEnvelopeOptions {
  status?: number;
  message?: string | null;
  /** `performance.now()` when the request started. */
  startedAt: number;
  now?: number;
}

/** Wraps a payload as HQ does: arrays stay arrays, anything else becomes a one-element list. */
export function hqEnvelope<T>(data: T | T[], options: HqEnvelopeOptions): HqEnvelope<T> {
  const now = options.now ?? performance.now();
  return {
    status_code: options.status ?? 200,
    response_time: Math.max(0, Math.round(now - options.startedAt)),
    message: options.message ?? null,
    data: Array.isArray(data) ? data : [data],
  };
}

const STARTED = 'hqStartedAt';

/** The headers HQ puts on every `/api` answer, errors included (`HQ:elastichq/api/__init__.py`). */
export const HQ_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Credentials': 'true',
  'Access-Control-Allow-Methods': 'POST, OPTIONS, GET, PUT, DELETE',
  Allow: 'POST, GET, PUT, DELETE',
  'Access-Control-Max-Age': '3600',
});

/** First middleware of the plugin: notes the start time and sets HQ's CORS headers. */
export function hqHeaders(): RequestHandler {
  return (_req: Request, res: Response, next: NextFunction) => {
    res.locals[STARTED] = performance.now();
    for (const [name, value] of Object.entries(HQ_HEADERS)) res.setHeader(name, value);
    next();
  };
}

/** Sends `data` in HQ's envelope; the HTTP status equals `status_code`. */
export function sendHq(res: Response, data: unknown, options: { status?: number; message?: string | null } = {}): void {
  const startedAt = typeof res.locals[STARTED] === 'number' ? (res.locals[STARTED] as number) : performance.now();
  const body = hqEnvelope(data, { ...options, startedAt });
  res.setHeader('X-HQ-Response-Time', String(body.response_time));
  res.status(body.status_code).json(body);
}
