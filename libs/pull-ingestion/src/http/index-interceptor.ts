import type { ServerResponse } from 'node:http';
import type { InterceptResult, PassThroughInterceptor, PassThroughRequest } from '@ferry/core';
import { guardByQuery } from '../guard/by-query-guard';
import { guardBulk, refuseDocumentWrite, type GuardContext } from '../guard/push-write-guard';
import { addWriteBlock, changeAliases, createIngestionIndex, deleteIndex, type HandlerContext } from './index-handlers';
import { getSettings, putSettings } from './settings-handlers';
import { getStats } from './stats-handler';

const DOC_WRITES = new Set(['_doc', '_create', '_update']);
const WRITE_METHODS = new Set(['PUT', 'POST', 'DELETE']);
const BY_QUERY = new Set(['_delete_by_query', '_update_by_query']);

type Route = (ctx: HandlerContext, req: PassThroughRequest, res: ServerResponse) => Promise<InterceptResult>;

const handled =
  (fn: (ctx: HandlerContext, req: PassThroughRequest, res: ServerResponse) => Promise<void>): Route =>
  async (ctx, req, res) => {
    await fn(ctx, req, res);
    return { action: 'handled' };
  };

/** A handler that answers (true) or lets the request go on to the cluster (false). */
const maybe =
  (fn: (ctx: GuardContext, req: PassThroughRequest, res: ServerResponse) => Promise<boolean>): Route =>
  async (ctx, req, res) => ((await fn(guardContext(ctx), req, res)) ? { action: 'handled' } : { action: 'continue' });

function guardContext(ctx: HandlerContext): GuardContext {
  return { local: ctx.local, targets: ctx.targets, names: () => ctx.service.list().map((e) => e.record.name) };
}

/** Routes of the push-write guard: document writes, `_bulk` and by-query writes (see guard/). */
function pushWriteRoute(method: string, s: readonly string[]): Route | undefined {
  const [first, second] = s;
  if (!first || !WRITE_METHODS.has(method)) return undefined;
  if (first === '_bulk' || second === '_bulk') return method === 'DELETE' ? undefined : maybe(guardBulk);
  if (first === '_aliases' && method === 'POST') return handled(changeAliases);
  if (first.startsWith('_')) return undefined;
  if (DOC_WRITES.has(second) && (method !== 'DELETE' || second === '_doc')) return maybe((c, req) => refuseDocumentWrite(c, req));
  if (method === 'POST' && s.length === 2 && BY_QUERY.has(second)) return maybe(guardByQuery);
  if (second === '_alias' || second === '_aliases') return handled(changeAliases);
  return undefined;
}

/**
 * Picks the handler for a request from its method and path only (cheap: runs on every pass-through
 * request). Requests that cannot concern an ingestion index are left alone.
 */
function route(ctx: HandlerContext, method: string, s: readonly string[]): Route | undefined {
  const [first, second] = s;
  if (method === 'PUT' && s.length === 1 && !first.startsWith('_')) {
    return async (c, req, res) => ((await createIngestionIndex(c, req, res)) ? { action: 'handled' } : { action: 'continue' });
  }
  if (ctx.service.count === 0) return undefined;
  const settingsPath = second === '_settings' || first === '_settings';
  if (method === 'GET' && (settingsPath || (s.length === 1 && !first.startsWith('_')))) return handled(getSettings);
  if (method === 'PUT' && settingsPath) return handled(putSettings);
  if (method === 'DELETE' && s.length === 1) return handled(deleteIndex);
  if (method === 'PUT' && s.length === 3 && second === '_block' && s[2] === 'write') return handled(addWriteBlock);
  if (method === 'GET' && (second === '_stats' || first === '_stats')) return handled(getStats);
  return pushWriteRoute(method, s);
}

/** The pass-through interceptor that makes the local cluster look like it has pull-based ingestion. */
export function ingestionInterceptor(ctx: HandlerContext): PassThroughInterceptor {
  return {
    name: 'pull-ingestion',
    matches: (method, segments) => route(ctx, method, segments) !== undefined,
    intercept: async (req, res) => {
      const handler = route(ctx, req.method, req.segments);
      return handler ? handler(ctx, req, res) : { action: 'continue' };
    },
  };
}
