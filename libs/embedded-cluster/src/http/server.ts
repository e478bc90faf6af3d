import { createServer, type IncomingMessage, maxHeaderSize, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { AppError, type Logger, renderError, toAppError } from '@ferry/core';
import { type ClusterFlavor, DEFAULT_FLAVOR } from '../flavor/flavor';
import { renderFlavorError, withFlavorHeaders } from '../flavor/flavor-errors';
import { REPLICATION_WRITER_HEADER, withReplicationWriter } from '../documents/replication-writer';
import { parseUrl, readBody, type Request } from './request';
import { JSON_TYPE, type Reply, send } from './respond';
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
    // handle() answers every error itself; this only keeps a failure while answering one from becoming an
    // unhandled rejection, which would end the process.
    handle({ router, req, res, logger: options.logger, flavor }).catch((err: unknown) => {
      options.logger?.error({ err }, 'embedded cluster could not answer a request');
      res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => refuseMalformed(err, socket));
  return server;
}

/**
 * Requests Node's parser refuses (an over-long URL or headers, bad framing) get OpenSearch's envelope
 * rather than Node's bare status line: `too_long_frame_exception` for sizes, as OpenSearch's Netty layer.
 */
function refuseMalformed(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable) return;
  const tooLong = err.code === 'HPE_HEADER_OVERFLOW';
  const appErr = tooLong
    ? new AppError(400, `An HTTP line is larger than ${maxHeaderSize} bytes.`, { type: 'too_long_frame_exception' })
    : new AppError(400, `Malformed HTTP request: ${err.code ?? err.message}`, { type: 'illegal_argument_exception' });
  const body = JSON.stringify(renderError('opensearch', appErr).body);
  socket.end(`HTTP/1.1 400 Bad Request\r\ncontent-type: ${JSON_TYPE}\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
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
    send(res, withFlavorHeaders(ctx.flavor, head ? reply : pretty(reply, query)), head);
  } catch (err) {
    const appErr = toAppError(err);
    if (appErr.status >= 500) ctx.logger?.error({ err }, 'embedded cluster request failed');
    const rendered = renderFlavorError(ctx.flavor, appErr);
    if (!res.headersSent) send(res, { status: rendered.status, body: rendered.body, headers: rendered.headers }, head);
    else res.destroy();
  }
}

function pretty(reply: Reply, query: URLSearchParams): Reply {
  if (!query.has('pretty') || query.get('pretty') === 'false' || reply.text !== undefined || reply.body === undefined || reply.body === '') return reply;
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
