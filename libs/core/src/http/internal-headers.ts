import type { IncomingMessage } from 'node:http';

/**
 * Request headers only Ferry itself may send, by prefix: every `x-ferry-*` (today
 * `x-ferry-replication-writer`, which lets the replicator write into a follower index). Ferry's own calls
 * reach the local cluster directly, never through the gateway's edge, so a client-sent one is always forged.
 */
export const INTERNAL_HEADER_PREFIX = 'x-ferry-';

const isInternal = (name: string) => name.length > INTERNAL_HEADER_PREFIX.length && name.toLowerCase().startsWith(INTERNAL_HEADER_PREFIX);

/**
 * Removes every internal header a client sent, from `headers`, `headersDistinct` and `rawHeaders` alike,
 * so no path below the edge (in-process or HTTP pass-through, a proxy copying raw headers) can see one.
 */
export function stripInternalHeaders(req: IncomingMessage): void {
  const raw = req.rawHeaders;
  let found = false;
  for (let i = 0; i < raw.length && !found; i += 2) found = isInternal(raw[i]);
  if (!found) return;
  // Node builds `headers` and `headersDistinct` lazily from `rawHeaders` and its original count: build
  // both first, then edit all three.
  const { headers, headersDistinct } = req;
  for (const name of Object.keys(headers)) if (isInternal(name)) delete headers[name];
  for (const name of Object.keys(headersDistinct)) if (isInternal(name)) delete headersDistinct[name];
  const kept: string[] = [];
  for (let i = 0; i < raw.length; i += 2) if (!isInternal(raw[i])) kept.push(raw[i], raw[i + 1]);
  req.rawHeaders = kept;
}
