import type { ServerResponse } from 'node:http';
import type { InterceptResult, PassThroughInterceptor, PassThroughRequest } from '@ferry/core';
import { addWriteBlock, createIngestionIndex, deleteIndex, rejectPushWrite, type HandlerContext } from './index-handlers';
import { getSettings, putSettings } from './settings-handlers';
import { getStats } from './stats-handler';

const DOC_WRITES = new Set(['_doc', '_create', '_update', '_bulk']);

type Route = (ctx: HandlerContext, req: PassThroughRequest, res: ServerResponse) => Promise<InterceptResult>;

const handled =
  (fn: (ctx: HandlerContext, req: PassThroughRequest, res: ServerResponse) => Promise<void>): Route =>
  async (ctx, req, res) => {
    await fn(ctx, req, res);
    return { action: 'handled' };
  };

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
  if ((method === 'PUT' || method === 'POST' || method === 'DELETE') && DOC_WRITES.has(second) && ctx.service.has(first)) {
    return async () => rejectPushWrite();
  }
  return undefined;
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
