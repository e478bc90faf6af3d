import express, { type RequestHandler } from 'express';

/** JSON body parser with the gateway's limit; accepts `application/json` and `*+json` and ndjson-free JSON bodies. */
export function jsonBody(limitBytes: number, options: { anyContentType?: boolean } = {}): RequestHandler {
  const type = options.anyContentType ? () => true : ['application/json', 'application/*+json', 'text/json'];
  return express.json({ limit: limitBytes, type, strict: false });
}

/** Raw body parser (Buffer in `req.body`) with the gateway's limit, for any content type. */
export function rawBody(limitBytes: number): RequestHandler {
  return express.raw({ limit: limitBytes, type: () => true, inflate: true });
}
