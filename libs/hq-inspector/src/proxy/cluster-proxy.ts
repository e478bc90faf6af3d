import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError, currentRequest, ForbiddenError, GatewayTimeoutError, NotFoundError, ValidationError, type Logger } from '@ferry/core';
import { forwardHttp, type ClusterRegistry, type ForwardFailure } from '@ferry/clusters';
import { filterIncomingHeaders, filterOutgoingHeaders, REQUEST_HEADER_ALLOW_LIST, RESPONSE_HEADER_ALLOW_LIST } from './proxy-headers';

/** What the proxy needs. */
export interface ClusterProxyOptions {
  registry: ClusterRegistry;
  /** How long to wait for the cluster's answer before a 504. */
  timeoutMs: number;
  /** Request headers forwarded beyond the built-in allow-list. */
  extraRequestHeaders?: readonly string[];
  logger: Logger;
}

// HQ's envelope and wording for a cluster that is down or too slow.
const hqFailure: ForwardFailure = {
  format: 'hq',
  describe: (err, timedOut, timeoutMs) =>
    timedOut
      ? new GatewayTimeoutError(`the cluster did not answer within ${timeoutMs} ms`)
      : new AppError(502, `the cluster could not be reached: ${err.message}`, { code: 'bad_gateway' }),
};

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
 * `/api/proxy/<cluster>/<path>` for every method, through the connection's pooled undici client (the
 * forwarder the local pass-through uses). The target is always the registered connection (scheme, host,
 * port and path prefix); credentials come from the registry and a client's own are dropped with every
 * header outside the allow-list; bodies and answers stream; a slow cluster gives 504; a bodyless
 * idempotent request goes once more when the cluster closed the reused socket. Viewers may only GET and
 * HEAD. Mount it before any body parser.
 */
export function createClusterProxy(o: ClusterProxyOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const allowRequestHeaders = new Set([...REQUEST_HEADER_ALLOW_LIST, ...(o.extraRequestHeaders ?? [])]);
  const allowResponseHeaders = new Set(RESPONSE_HEADER_ALLOW_LIST);
  return (req, res) => {
    const method = req.method ?? 'GET';
    if (currentRequest()?.role === 'viewer' && method !== 'GET' && method !== 'HEAD') {
      throw new ForbiddenError(`viewer tokens may only GET and HEAD through the proxy, not ${method}`);
    }
    const { cluster, path } = splitProxyUrl(req.url ?? '/');
    const target = o.registry.targetSync(cluster);
    if (!target) throw new NotFoundError(`There is no connection with alias '${cluster}'.`);
    const inProcess = o.registry.inProcessHandler(cluster);
    if (inProcess) {
      // An embedded cluster served by this process: no second HTTP hop, same allow-lists.
      filterIncomingHeaders(req, allowRequestHeaders);
      filterOutgoingHeaders(res, allowResponseHeaders);
      req.url = path;
      inProcess(req, res);
      return;
    }
    forwardHttp({ req, res, target, path, timeoutMs: o.timeoutMs, logger: o.logger, allowRequestHeaders, allowResponseHeaders, failure: hqFailure });
  };
}
