import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { AppError, GatewayTimeoutError, jsonDepthExceeds, MAX_ANSWER_DEPTH, NotFoundError } from '@ferry/core';
import { isIdempotent, isStaleSocketError, joinPath, type HttpTarget } from '@ferry/clusters';
import { clusterHttpError } from './cluster-errors';

/** One JSON request on a connection's raw HTTP target. */
export interface JsonRequest {
  cluster: string;
  target: HttpTarget;
  method: string;
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  timeoutMs?: number;
}

function queryString(query: JsonRequest['query']): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) params.set(k, String(v));
  const qs = params.toString();
  return qs ? `?${qs}` : '';
}

// HQ's views walk answers recursively: a deeper answer is refused here, not a stack overflow later.
function parse(cluster: string, text: string): unknown {
  if (!text) return undefined;
  if (jsonDepthExceeds(text, MAX_ANSWER_DEPTH)) {
    throw new AppError(502, `cluster '${cluster}' answered JSON nested deeper than ${MAX_ANSWER_DEPTH} levels`, { code: 'bad_gateway' });
  }
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Sends one request with the connection's agent and auth headers and parses the JSON answer. Leaner
 * than the OpenSearch client on the hot `/api/rest` path; errors say what happened (status and reason,
 * unreachable → 404 with the cause, too slow → 504). An idempotent request goes once more when the
 * cluster closed the reused keep-alive socket before answering.
 */
export function requestJson<T>(r: JsonRequest): Promise<T> {
  return attempt<T>(r, isIdempotent(r.method));
}

function attempt<T>(r: JsonRequest, mayRetry: boolean): Promise<T> {
  const { target } = r;
  const send = target.url.protocol === 'https:' ? httpsRequest : httpRequest;
  const payload = r.body === undefined ? undefined : Buffer.from(JSON.stringify(r.body));
  const timeoutMs = r.timeoutMs ?? target.timeoutMs;
  return new Promise<T>((resolve, reject) => {
    const req = send(
      {
        host: target.url.hostname,
        port: target.url.port || (target.url.protocol === 'https:' ? 443 : 80),
        method: r.method,
        path: `${joinPath(target.url, r.path)}${queryString(r.query)}`,
        agent: target.agent,
        headers: {
          accept: 'application/json',
          ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}),
          ...target.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          try {
            const body = parse(r.cluster, Buffer.concat(chunks).toString('utf8'));
            const status = res.statusCode ?? 502;
            if (status >= 400) reject(clusterHttpError(r.cluster, status, body));
            else resolve(body as T);
          } catch (err) {
            reject(err);
          }
        });
        res.on('error', (err) => reject(new NotFoundError(`cluster '${r.cluster}' is unreachable: ${err.message}`, { code: 'cluster_unreachable' })));
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new GatewayTimeoutError(`cluster '${r.cluster}' did not answer within ${timeoutMs} ms`)));
    req.on('error', (err) => {
      if (mayRetry && isStaleSocketError(req, err)) resolve(attempt<T>(r, false));
      else if (err instanceof GatewayTimeoutError) reject(err);
      else reject(new NotFoundError(`cluster '${r.cluster}' is unreachable: ${err.message}`, { cause: err, code: 'cluster_unreachable' }));
    });
    req.end(payload);
  });
}
