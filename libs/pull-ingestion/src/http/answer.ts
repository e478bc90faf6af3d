import type { ServerResponse } from 'node:http';
import { parseBoundedJson } from '@ferry/core';

/** Writes a JSON answer the way the cluster would. */
export function sendJson(res: ServerResponse, status: number, body: unknown, head = false): void {
  const text = body === undefined || body === null || body === '' ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(text) });
  res.end(head ? undefined : text);
}

/**
 * Parses a request body as JSON; empty is `{}`, malformed or not an object is undefined. A body nested
 * deeper than core's JSON depth limit is a 400 (the settings helpers recurse over it).
 */
export function parseJsonBody(raw: Buffer): Record<string, unknown> | undefined {
  if (raw.length === 0) return {};
  try {
    const value = parseBoundedJson(raw);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    return undefined;
  }
}
