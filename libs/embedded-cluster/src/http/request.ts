import type { IncomingMessage } from 'node:http';
import { AppError, ValidationError } from '@ferry/core';
import { assertJsonDepth } from './json-depth';

/** The parts of an HTTP request the REST handlers need. */
export interface Request {
  method: string;
  path: string;
  segments: string[];
  query: URLSearchParams;
  body: Buffer;
}

/** OpenSearch's default `http.max_content_length`. */
const MAX_BODY = 100 * 1024 * 1024;

/** Reads the whole body; bodies are bounded so a client cannot exhaust memory. */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new AppError(413, `Request entity too large: ${size} > ${MAX_BODY}`, { type: 'content_too_long_exception' }));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Splits a raw URL into decoded path segments and query parameters. */
export function parseUrl(url: string): { path: string; segments: string[]; query: URLSearchParams } {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const query = new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
  const segments = path
    .split('/')
    .filter((s) => s.length > 0)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        throw new ValidationError(`invalid path segment [${s}]`, { type: 'illegal_argument_exception' });
      }
    });
  return { path, segments, query };
}

/** Parses a JSON body; an empty body is `undefined`. Bad JSON is a 400 `parsing_exception`, never a 500. */
export function jsonOf(req: Request): Record<string, unknown> | undefined {
  if (req.body.length === 0) return undefined;
  const text = req.body.toString('utf8').trim();
  if (text.length === 0) return undefined;
  assertJsonDepth(text);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ValidationError(`Failed to parse request body: ${(err as Error).message}`, { type: 'parsing_exception' });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ValidationError('request body is required to be a JSON object', { type: 'parsing_exception' });
  }
  return value as Record<string, unknown>;
}

/** A boolean query flag as OpenSearch reads it: present and not `false`. */
export function flag(query: URLSearchParams, name: string): boolean {
  const v = query.get(name);
  return v !== null && v !== 'false';
}

/** An integer query parameter, validated. */
export function intParam(query: URLSearchParams, name: string): number | undefined {
  const v = query.get(name);
  if (v === null || v === '') return undefined;
  const n = Number(v);
  // Past 2^53 a number is no longer exact (and SQLite cannot bind 1e20): OpenSearch's parseLong fails there too.
  if (!Number.isSafeInteger(n)) {
    throw new ValidationError(`Failed to parse int parameter [${name}] with value [${v}]`, { type: 'illegal_argument_exception' });
  }
  return n;
}
