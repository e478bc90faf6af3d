import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  AppError,
  PayloadTooLargeError,
  passThroughInterceptors,
  sendError,
  splitPath,
  UnavailableError,
  type FallbackFactory,
  type Logger,
  type PassThroughInterceptor,
  type PassThroughRequest,
  type Principal,
} from '@ferry/core';
import { clustersConfigSchema } from '../config';
import type { ClusterRegistry } from '../connections/cluster-registry';
import { CLUSTERS } from '../tokens';
import { forwardHttp, replayRequest } from './forward';

/** Reads a whole body, refusing more than `limit` bytes. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new PayloadTooLargeError(`request body is larger than the limit of ${limit} bytes`, { type: 'content_too_long_exception' }));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

interface Ctx {
  registry: ClusterRegistry;
  interceptors: readonly PassThroughInterceptor[];
  limit: number;
  timeoutMs: number;
  logger: Logger;
}

function forward(ctx: Ctx, req: IncomingMessage, res: ServerResponse, body?: Buffer): void {
  const local = ctx.registry.localName;
  const inProcess = ctx.registry.inProcessHandler(local);
  if (inProcess) {
    delete req.headers.authorization;
    inProcess(body === undefined ? req : replayRequest(req, body), res);
    return;
  }
  const target = ctx.registry.targetSync(local);
  if (!target) {
    sendError(res, 'opensearch', new UnavailableError(`the local cluster '${local}' is not configured`, { type: 'status_exception' }));
    return;
  }
  forwardHttp({ req, res, target, body, timeoutMs: ctx.timeoutMs, logger: ctx.logger });
}

async function intercept(ctx: Ctx, matching: PassThroughInterceptor[], req: IncomingMessage, res: ServerResponse, segments: string[], principal?: Principal) {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  let body: Promise<Buffer> | undefined;
  const view: PassThroughRequest = {
    method: req.method ?? 'GET',
    path: q < 0 ? url : url.slice(0, q),
    segments,
    query: new URLSearchParams(q < 0 ? '' : url.slice(q + 1)),
    raw: req,
    principal,
    body: () => (body ??= readBody(req, ctx.limit)),
  };
  for (const interceptor of matching) {
    const result = await interceptor.intercept(view, res);
    if (result.action === 'handled') return;
  }
  forward(ctx, req, res, body ? await body : undefined);
}

// The interceptors that claim a request; no array at all for the common request nobody claims.
function claimedBy(interceptors: readonly PassThroughInterceptor[], method: string, segments: string[]): PassThroughInterceptor[] | undefined {
  let out: PassThroughInterceptor[] | undefined;
  for (const interceptor of interceptors) if (interceptor.matches(method, segments)) (out ??= []).push(interceptor);
  return out;
}

/**
 * The gateway's fallback: every request outside the plugin mounts goes to the local cluster. The hot
 * path is one undici dispatch streaming both ways (or a direct call when the local cluster runs in this process); only
 * requests an interceptor claims by method and path pay for more.
 */
export function localPassThrough(): FallbackFactory {
  return ({ container, extensions, logger, config }) => {
    const section = clustersConfigSchema.safeParse((config as Record<string, unknown>).clusters ?? {});
    const ctx: Ctx = {
      registry: container.resolve(CLUSTERS),
      interceptors: extensions.get(passThroughInterceptors),
      limit: config.server.bodyLimitBytes,
      timeoutMs: section.success ? section.data.passThroughTimeoutMs : 120_000,
      logger: logger.child({ module: 'pass-through' }),
    };
    return (req, res, principal) => {
      const length = Number(req.headers['content-length'] ?? 0);
      if (length > ctx.limit) {
        sendError(res, 'opensearch', new PayloadTooLargeError(`request body is larger than the limit of ${ctx.limit} bytes`, { type: 'content_too_long_exception' }));
        req.resume();
        return;
      }
      if (ctx.interceptors.length === 0) return forward(ctx, req, res);
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const segments = splitPath(q < 0 ? url : url.slice(0, q)) ?? [];
      const method = req.method ?? 'GET';
      const matching = claimedBy(ctx.interceptors, method, segments);
      if (!matching) return forward(ctx, req, res);
      intercept(ctx, matching, req, res, segments, principal).catch((err: unknown) => {
        if (!(err instanceof AppError)) ctx.logger.error({ err }, 'pass-through interceptor failed');
        sendError(res, 'opensearch', err, ctx.logger);
      });
    };
  };
}
