import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { createProxyMiddleware, fixRequestBody, type RequestHandler } from 'http-proxy-middleware';
import {
  AppError,
  currentRequest,
  ForbiddenError,
  GatewayTimeoutError,
  NotFoundError,
  sendError,
  ValidationError,
  type Logger,
} from '@ferry/core';
import { Readable } from 'node:stream';
import type { ClientRequest } from 'node:http';
import type { ServerOptions } from 'http-proxy';
import { hasNoBody, isIdempotent, isStaleSocketError, joinPath, type ClusterRegistry, type HttpTarget } from '@ferry/clusters';
import {
  filterIncomingHeaders,
  filterOutgoingHeaders,
  filterRequestHeaders,
  filterResponseHeaders,
  REQUEST_HEADER_ALLOW_LIST,
  RESPONSE_HEADER_ALLOW_LIST,
} from './proxy-headers';

/** What the proxy needs. */
export interface ClusterProxyOptions {
  registry: ClusterRegistry;
  /** How long to wait for the cluster's answer before a 504. */
  timeoutMs: number;
  /** Request headers forwarded beyond the built-in allow-list. */
  extraRequestHeaders?: readonly string[];
  logger: Logger;
}

const TIMED_OUT = Symbol('hq.proxy.timedOut');
const UPSTREAM = Symbol('hq.proxy.upstream');
const RETRIED = Symbol('hq.proxy.retried');
type ProxiedRequest = IncomingMessage & { [TIMED_OUT]?: boolean; [UPSTREAM]?: { req: ClientRequest; options: ServerOptions }; [RETRIED]?: boolean };

// A bodyless idempotent request whose reused socket the cluster closed before answering may go again, once.
function mayRetry(req: ProxiedRequest, res: unknown, err: Error): boolean {
  const upstream = req[UPSTREAM];
  if (!upstream || req[RETRIED] || req[TIMED_OUT] || !isIdempotent(req.method) || !hasNoBody(req.headers)) return false;
  return !(res as ServerResponse).headersSent && isStaleSocketError(upstream.req, err);
}

/** Splits `/<cluster>/<rest>?q` and refuses dot segments, so a path never leaves the connection's prefix. */
export function splitProxyUrl(url: string): { cluster: string; path: string } {
  const q = url.indexOf('?');
  const pathname = q < 0 ? url : url.slice(0, q);
  const segments = pathname.split('/').slice(1);
  const cluster = decodeURIComponent(segments[0] ?? '');
  const rest = segments.slice(1);
  for (const s of rest) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(s);
    } catch {
      throw new ValidationError(`invalid path segment '${s}'`);
    }
    if (decoded === '.' || decoded === '..' || decoded.includes('/') || decoded.includes('\\')) {
      throw new ValidationError(`path segment '${s}' is not allowed through the proxy`);
    }
  }
  if (!cluster) throw new NotFoundError('no cluster named in the proxy path: use /api/proxy/<cluster>/<path>');
  return { cluster, path: `/${rest.join('/')}${q < 0 ? '' : url.slice(q)}` };
}

/**
 * `/api/proxy/<cluster>/<path>` for every method, on http-proxy-middleware. The target is always the
 * registered connection (scheme, host, port and path prefix); credentials come from the registry and a
 * client's own are dropped with every header outside the allow-list; bodies and answers stream; a slow
 * cluster gives 504. Viewers may only GET and HEAD. Mount it before any body parser.
 */
export function createClusterProxy(o: ClusterProxyOptions): (req: Request, res: Response, next: NextFunction) => void {
  const requestAllowed = new Set([...REQUEST_HEADER_ALLOW_LIST, ...(o.extraRequestHeaders ?? [])]);
  const responseAllowed = new Set(RESPONSE_HEADER_ALLOW_LIST);
  // One http-proxy-middleware per target: each connection has its own agent (keep-alive, TLS options).
  const proxies = new WeakMap<HttpTarget, RequestHandler>();

  function proxyFor(target: HttpTarget): RequestHandler {
    let proxy = proxies.get(target);
    if (proxy) return proxy;
    proxy = createProxyMiddleware({
      target: target.url.origin,
      agent: target.agent,
      changeOrigin: true,
      xfwd: false,
      ejectPlugins: true,
      secure: true,
      // ejectPlugins drops hpm's defaults (including the one wiring `on`), so the events are wired here.
      plugins: [
        (server) => {
          server.on('proxyReq', (proxyReq, req, _res, options) => {
            (req as ProxiedRequest)[UPSTREAM] = { req: proxyReq, options };
            filterRequestHeaders(proxyReq, requestAllowed, target.headers);
            proxyReq.setTimeout(o.timeoutMs, () => {
              (req as ProxiedRequest)[TIMED_OUT] = true;
              proxyReq.destroy(new Error('timeout'));
            });
            fixRequestBody(proxyReq, req);
          });
          server.on('proxyRes', (proxyRes) => filterResponseHeaders(proxyRes, responseAllowed));
          server.on('error', (err, req, res) => {
            const proxied = req as ProxiedRequest;
            if (mayRetry(proxied, res, err)) {
              proxied[RETRIED] = true;
              // The request stream has ended: an empty buffer stands in for it.
              server.web(req, res as ServerResponse, { ...proxied[UPSTREAM]!.options, buffer: Readable.from([]) });
              return;
            }
            const timedOut = (req as ProxiedRequest)[TIMED_OUT] === true;
            const appError = timedOut
              ? new GatewayTimeoutError(`the cluster did not answer within ${o.timeoutMs} ms`)
              : new AppError(502, `the cluster could not be reached: ${err.message}`, { code: 'bad_gateway' });
            if ('writeHead' in res) sendError(res as ServerResponse, 'hq', appError, o.logger);
            else res.destroy();
          });
        },
      ],
    });
    proxies.set(target, proxy);
    return proxy;
  }

  return (req, res, next) => {
    const method = req.method ?? 'GET';
    const role = currentRequest()?.role;
    if (role === 'viewer' && method !== 'GET' && method !== 'HEAD') {
      throw new ForbiddenError(`viewer tokens may only GET and HEAD through the proxy, not ${method}`);
    }
    const { cluster, path } = splitProxyUrl(req.url);
    const target = o.registry.targetSync(cluster);
    if (!target) throw new NotFoundError(`There is no connection with alias '${cluster}'.`);
    const inProcess = o.registry.inProcessHandler(cluster);
    if (inProcess) {
      // An embedded cluster served by this process: no second HTTP hop, same allow-lists.
      filterIncomingHeaders(req, requestAllowed);
      filterOutgoingHeaders(res, responseAllowed);
      req.url = path;
      inProcess(req, res);
      return;
    }
    req.url = joinPath(target.url, path);
    proxyFor(target)(req, res, next).catch(next);
  };
}
