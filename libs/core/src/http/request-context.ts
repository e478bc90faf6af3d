import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Role } from '../auth/roles';

/** What the gateway knows about the request being served, available anywhere below the handler. */
export interface RequestContext {
  requestId: string;
  /** The caller's role, or undefined when auth is off. */
  role?: Role;
  /** Name of the token the caller presented (never the token itself). */
  principal?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** The context of the current request, if any. */
export function currentRequest(): RequestContext | undefined {
  return storage.getStore();
}

/** Runs `fn` inside a request context. */
export function runInRequest<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Reuses a sane incoming `x-request-id` or makes one. */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}
