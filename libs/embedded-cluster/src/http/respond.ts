import type { ServerResponse } from 'node:http';

/** OpenSearch answers every JSON body, HEAD and errors included, with this content type. */
export const JSON_TYPE = 'application/json; charset=UTF-8';

/** What a route handler returns: a status and a body that is JSON (an object or a pre-serialised string). */
export interface Reply {
  status: number;
  /** An object to serialise, or a string that already holds JSON (hot paths build it by hand). */
  body?: unknown;
  /** Plain-text answer (the `_cat` APIs without `format=json`). */
  text?: string;
  /** Binary answer (`format=cbor|smile`); its content type comes in `headers`. */
  raw?: Buffer;
  headers?: Record<string, string>;
}

/** Shorthand for a JSON reply. */
export function json(body: unknown, status = 200): Reply {
  return { status, body };
}

/** Writes a reply; HEAD gets the headers only. */
export function send(res: ServerResponse, reply: Reply, head: boolean): void {
  const isText = reply.text !== undefined;
  const payload = isText
    ? reply.text!
    : typeof reply.body === 'string'
      ? reply.body
      : reply.body === undefined
        ? ''
        : JSON.stringify(reply.body);
  const buf = reply.raw ?? Buffer.from(payload, 'utf8');
  const headers: Record<string, string | number> = {
    'content-type': isText ? 'text/plain; charset=UTF-8' : JSON_TYPE,
    'content-length': head ? 0 : buf.length,
    ...(reply.headers ?? {}),
  };
  res.writeHead(reply.status, headers);
  res.end(head ? undefined : buf);
}
