import express, { type RequestHandler } from 'express';

/** JSON body parser with the gateway's limit; accepts `application/json` and `*+json` and ndjson-free JSON bodies. */
export function jsonBody(limitBytes: number): RequestHandler {
  return express.json({ limit: limitBytes, type: ['application/json', 'application/*+json', 'text/json'], strict: false });
}

/** Raw body parser (Buffer in `req.body`) with the gateway's limit, for any content type. */
export function rawBody(limitBytes: number): RequestHandler {
  return express.raw({ limit: limitBytes, type: () => true, inflate: true });
}
