import { isUtf8 } from 'node:buffer';
import express, { type RequestHandler } from 'express';
import { ValidationError } from '../errors/app-error';
import { jsonDepthExceeds, jsonTooDeep, MAX_JSON_DEPTH } from './json-depth';

/** Options of {@link jsonBody}. */
export interface JsonBodyOptions {
  /** Parse whatever the Content-Type says (InfluxDB and ElasticHQ do). */
  anyContentType?: boolean;
  /** Deepest nesting accepted; deeper bodies are a 400 before they are parsed. */
  maxDepth?: number;
  /** Decode invalid UTF-8 as U+FFFD instead of refusing it (Go's decoder, hence InfluxDB, does). */
  lossyUtf8?: boolean;
}

/** The 400 for a body that is not UTF-8 (OpenSearch's parser and Flask's refuse it too). */
function invalidUtf8(): ValidationError {
  return new ValidationError('the request body is not valid UTF-8', { type: 'parsing_exception', code: 'invalid_utf8' });
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
      if (!options.lossyUtf8 && !isUtf8(buf)) throw invalidUtf8();
      if (jsonDepthExceeds(buf, maxDepth)) throw jsonTooDeep(maxDepth);
    },
  });
}

/** Raw body parser (Buffer in `req.body`) with the gateway's limit, for any content type. */
export function rawBody(limitBytes: number): RequestHandler {
  return express.raw({ limit: limitBytes, type: () => true, inflate: true });
}
