import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Principal } from '../auth/tokens';
import { createExtensionPoint } from './extension-point';

/** A request on its way to the local cluster, as an interceptor sees it. */
export interface PassThroughRequest {
  readonly method: string;
  /** Decoded path without the query string, e.g. `/logs/_doc/1`. */
  readonly path: string;
  /** Path segments, decoded: `['logs', '_doc', '1']`. */
  readonly segments: readonly string[];
  readonly query: URLSearchParams;
  readonly raw: IncomingMessage;
  readonly principal?: Principal;
  /** Reads the whole body once; the pass-through then forwards these bytes. */
  body(): Promise<Buffer>;
}

/** What an interceptor decided. */
export type InterceptResult =
  /** Forward the request to the local cluster unchanged. */
  | { action: 'continue' }
  /** The interceptor answered (it wrote `res` itself). */
  | { action: 'handled' };

/**
 * Hooks a plugin adds to the pass-through to the local cluster: refuse a write, take over an index
 * creation, observe a response. `matches` runs on every request and must be cheap (method and path only).
 */
export interface PassThroughInterceptor {
  /** Name used in logs. */
  readonly name: string;
  matches(method: string, segments: readonly string[]): boolean;
  /** Throw an AppError to answer with an OpenSearch-shaped error. */
  intercept(req: PassThroughRequest, res: ServerResponse): Promise<InterceptResult>;
}

/** Extension point of the local-cluster pass-through. */
export const passThroughInterceptors = createExtensionPoint<PassThroughInterceptor>('ferry.passThrough.interceptors');
