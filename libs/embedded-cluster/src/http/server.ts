import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError, type Logger, toAppError } from '@ferry/core';
import { type ClusterFlavor, DEFAULT_FLAVOR } from '../flavor/flavor';
import { renderFlavorError, withFlavorHeaders } from '../flavor/flavor-errors';
import { REPLICATION_WRITER_HEADER, withReplicationWriter } from '../documents/replication-writer';
import { parseUrl, readBody, type Request } from './request';
import { type Reply, send } from './respond';
import type { Router } from './router';

/** Options of {@link createHttpServer}. */
export interface HttpServerOptions {
  logger?: Logger;
  /** The family whose headers and error shapes answers carry. */
  flavor?: ClusterFlavor;
}

/** Serves a router on bare `node:http`: no framework on the hot path. */
export function createHttpServer(router: Router, options: HttpServerOptions = {}): Server {
  const flavor = options.flavor ?? DEFAULT_FLAVOR;
  const server = createServer((req, res) => {
    void handle({ router, req, res, logger: options.logger, flavor });
  });
  server.keepAliveTimeout = 65_000;
  return server;
}

async function handle(ctx: { router: Router; req: IncomingMessage; res: ServerResponse; logger?: Logger; flavor: ClusterFlavor }): Promise<void> {
  const { req, res } = ctx;
  const method = req.method ?? 'GET';
  const head = method === 'HEAD';
  try {
    const { path, segments, query } = parseUrl(req.url ?? '/');
    const body = await readBody(req);
    const request: Request = { method, path, segments, query, body };
    const found = ctx.router.match(method, segments);
    if (!found.handler) {
      throw found.allowed.length
        ? new AppError(405, `Incorrect HTTP method for uri [${req.url}] and method [${method}], allowed: [${[...new Set(found.allowed)].join(', ')}]`, { type: 'illegal_argument_exception' })
        : new AppError(400, `no handler found for uri [${req.url}] and method [${method}]`, { type: 'illegal_argument_exception' });
    }
    const { handler, params } = found;
    const replicationWriter = req.headers[REPLICATION_WRITER_HEADER] === 'true';
    const reply = await withReplicationWriter(replicationWriter, () => handler(request, params));
    send(res, withFlavorHeaders(ctx.flavor, pretty(reply, query)), head);
  } catch (err) {
    const appErr = toAppError(err);
    if (appErr.status >= 500) ctx.logger?.error({ err }, 'embedded cluster request failed');
    const rendered = renderFlavorError(ctx.flavor, appErr);
    if (!res.headersSent) send(res, { status: rendered.status, body: rendered.body, headers: rendered.headers }, head);
    else res.destroy();
  }
}

function pretty(reply: Reply, query: URLSearchParams): Reply {
  if (!query.has('pretty') || query.get('pretty') === 'false' || reply.text !== undefined || reply.body === undefined) return reply;
  const value = typeof reply.body === 'string' ? JSON.parse(reply.body) : reply.body;
  return { ...reply, body: `${JSON.stringify(value, null, 2)}\n` };
}

/** Starts listening and returns the bound port. */
export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
