import express, { type RequestHandler } from 'express';
import { jsonDepthExceeds, jsonTooDeep, MAX_JSON_DEPTH } from './json-depth';

/** Options of {@link jsonBody}. */
export interface JsonBodyOptions {
  /** Parse whatever the Content-Type says (InfluxDB and ElasticHQ do). */
  anyContentType?: boolean;
  /** Deepest nesting accepted; deeper bodies are a 400 before they are parsed. */
  maxDepth?: number;
}

/**
 * JSON body parser with the gateway's size limit and the JSON depth limit ({@link MAX_JSON_DEPTH});
 * accepts `application/json`, `*+json` and `text/json`, or any type with `anyContentType`.
 */
export function jsonBody(limitBytes: number, options: JsonBodyOptions = {}): RequestHandler {
  const type = options.anyContentType ? () => true : ['application/json', 'application/*+json', 'text/json'];
  const maxDepth = options.maxDepth ?? MAX_JSON_DEPTH;
  return express.json({
    limit: limitBytes,
    type,
    strict: false,
    // body-parser keeps the status of what `verify` throws; `type` is set so it does not name it `entity.verify.failed`.
    verify: (_req, _res, buf) => {
      if (jsonDepthExceeds(buf, maxDepth)) throw jsonTooDeep(maxDepth);
    },
  });
}

/** Raw body parser (Buffer in `req.body`) with the gateway's limit, for any content type. */
export function rawBody(limitBytes: number): RequestHandler {
  return express.raw({ limit: limitBytes, type: () => true, inflate: true });
}
