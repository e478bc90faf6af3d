import { AppError, GatewayTimeoutError, NotFoundError, UnauthorizedError } from '@ferry/core';
import { errors } from '@opensearch-project/opensearch';

interface EsErrorBody {
  error?: string | { type?: string; reason?: string; root_cause?: { type?: string; reason?: string }[] };
  message?: string;
}

/** The reason a cluster gave for an error, as readable as its body allows. */
export function reasonOf(body: unknown, status: number): { reason: string; type?: string } {
  if (typeof body === 'string' && body.trim()) return { reason: body.trim().slice(0, 500) };
  const b = body as EsErrorBody | undefined;
  if (typeof b?.error === 'string') return { reason: b.error };
  if (b?.error && typeof b.error === 'object') {
    const reason = b.error.reason ?? b.error.root_cause?.[0]?.reason ?? b.error.type ?? `HTTP ${status}`;
    return { reason: b.error.type && reason !== b.error.type ? `${b.error.type}: ${reason}` : reason, type: b.error.type };
  }
  if (typeof b?.message === 'string') return { reason: b.message };
  return { reason: `the cluster answered HTTP ${status}` };
}

/** The error for a cluster's non-2xx answer: its status and reason, a 401 kept as 401. */
export function clusterHttpError(cluster: string, status: number, body: unknown): AppError {
  const { reason, type } = reasonOf(body, status);
  if (status === 401) return new UnauthorizedError(`cluster '${cluster}' refused the credentials: ${reason}`);
  return new AppError(status >= 400 ? status : 502, reason, { type, code: 'cluster_error' });
}

/**
 * Turns what the OpenSearch client threw into an error that says what happened, instead of HQ's
 * "Oops! Something bad happened.": the cluster's own status and reason, 401 kept, an unreachable
 * cluster as 404 with the cause, a timeout as 504.
 */
export function clusterError(cluster: string, err: unknown): AppError {
  if (err instanceof AppError) {
    // The registry's probe says 502 for an unreachable host; HQ's API says 404 with the cause.
    return err.code === 'cluster_unreachable' ? new NotFoundError(err.message, { cause: err, code: 'cluster_unreachable' }) : err;
  }
  if (err instanceof errors.ResponseError) return clusterHttpError(cluster, err.meta.statusCode ?? 502, err.meta.body);
  if (err instanceof errors.DeserializationError) {
    return new AppError(502, `cluster '${cluster}' answered what Ferry cannot read: ${err.message}`, { cause: err, code: 'bad_gateway' });
  }
  if (err instanceof errors.TimeoutError) {
    return new GatewayTimeoutError(`cluster '${cluster}' did not answer in time`, { cause: err });
  }
  if (err instanceof errors.ConnectionError || err instanceof errors.NoLivingConnectionsError) {
    return new NotFoundError(`cluster '${cluster}' is unreachable: ${err.message}`, { cause: err, code: 'cluster_unreachable' });
  }
  return new AppError(500, `request to cluster '${cluster}' failed: ${(err as Error)?.message ?? String(err)}`, { cause: err });
}
