import { type AppError, renderError, type RenderedError } from '@ferry/core';
import type { Request } from '../http/request';
import type { Reply } from '../http/respond';
import { type ClusterFlavor, flavorHeaders } from './flavor';

const NO_HANDLER = /^no handler found for uri /;
const WRONG_METHOD = /^Incorrect HTTP method for uri /;

/**
 * An error as the flavor's family renders it. OpenSearch 2+ wraps "no handler" and "wrong method" in
 * the usual `error.root_cause` envelope; Elasticsearch 7/8 and OpenSearch 1.x (forked from 7.10) send
 * a bare string: `{"error": "no handler found ..."}` (400) and `{"error": "Incorrect ...", "status": 405}`.
 */
export function renderFlavorError(flavor: ClusterFlavor, err: AppError): RenderedError {
  const headers = flavorHeaders(flavor);
  if (flavor !== 'opensearch-3' && NO_HANDLER.test(err.message)) return { status: 400, headers, body: { error: err.message } };
  if (flavor !== 'opensearch-3' && WRONG_METHOD.test(err.message)) return { status: 405, headers, body: { error: err.message, status: 405 } };
  const rendered = renderError('opensearch', err);
  return { ...rendered, headers: { ...rendered.headers, ...headers } };
}

/** The answer of a family to a route it does not have, as its REST controller words it. */
export function noHandler(req: Request): Reply {
  const query = req.query.toString();
  const uri = query ? `${req.path}?${query}` : req.path;
  return { status: 400, body: { error: `no handler found for uri [${uri}] and method [${req.method}]` } };
}

/** Adds the flavor's headers to a reply. */
export function withFlavorHeaders(flavor: ClusterFlavor, reply: Reply): Reply {
  const headers = flavorHeaders(flavor);
  return Object.keys(headers).length === 0 ? reply : { ...reply, headers: { ...(reply.headers ?? {}), ...headers } };
}
