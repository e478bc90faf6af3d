import type { RequestHandler } from 'express';
import { Counter, Histogram, type Registry } from 'prom-client';

type Kind = 'replication' | 'remote';

/** InfluxDB's API method names (kit/metric), from the request shape. */
function methodName(kind: Kind, httpMethod: string, path: string, validate: boolean): string | undefined {
  const parts = path.split('/').filter(Boolean);
  const one = kind === 'replication' ? 'replication' : 'remote';
  if (parts.length === 0) {
    if (httpMethod === 'GET') return `find_${one}s`;
    if (httpMethod === 'POST') return validate ? `validate_create_${one}` : `create_${one}`;
    return undefined;
  }
  if (parts.length === 2 && parts[1] === 'validate' && httpMethod === 'POST') return `validate_${one}`;
  if (parts.length !== 1) return undefined;
  if (httpMethod === 'GET') return `find_${one}_by_id`;
  if (httpMethod === 'PATCH') return validate ? `validate_update_${one}` : `update_${one}`;
  if (httpMethod === 'DELETE') return `delete_${one}`;
  return undefined;
}

/**
 * RED metrics of the remotes and replications APIs with InfluxDB's names:
 * `service_<kind>_call_total{method}`, `service_<kind>_error_total{method,code}`, `service_<kind>_duration{method}`.
 */
export function serviceMetrics(registry: Registry, kind: Kind): RequestHandler {
  const prefix = `service_${kind}`;
  const calls = new Counter({ name: `${prefix}_call_total`, help: `Number of calls to the ${kind} service`, labelNames: ['method'], registers: [registry] });
  const errors = new Counter({ name: `${prefix}_error_total`, help: `Number of errors of the ${kind} service`, labelNames: ['method', 'code'], registers: [registry] });
  const duration = new Histogram({ name: `${prefix}_duration`, help: `Duration of ${kind} service calls, in seconds`, labelNames: ['method'], registers: [registry] });
  return (req, res, next) => {
    const method = methodName(kind, req.method, req.path, req.query.validate === 'true');
    if (!method) return next();
    const stop = duration.startTimer({ method });
    res.once('finish', () => {
      stop();
      calls.inc({ method });
      if (res.statusCode >= 400) errors.inc({ method, code: String(res.getHeader('x-platform-error-code') ?? res.statusCode) });
    });
    next();
  };
}
