import { AppError } from './app-error';

/** The error envelopes Ferry speaks; each plugin picks the one its clients parse. */
export type ErrorFormat = 'opensearch' | 'influx' | 'hq' | 'gateway';

/** An error ready to be written: status, extra headers and a JSON body. */
export interface RenderedError {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export interface ValidationIssue {
  /** Where the issue is: `body.name`, `query.orgID`, ... */
  path: string;
  message: string;
}

const OPENSEARCH_TYPES: Record<number, string> = {
  400: 'illegal_argument_exception',
  401: 'security_exception',
  403: 'security_exception',
  404: 'resource_not_found_exception',
  405: 'illegal_argument_exception',
  409: 'status_exception',
  413: 'content_too_long_exception',
  429: 'rejected_execution_exception',
  500: 'exception',
  502: 'exception',
  503: 'status_exception',
  504: 'timeout_exception',
};

const INFLUX_CODES: Record<number, string> = {
  400: 'invalid',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not found',
  405: 'method not allowed',
  409: 'conflict',
  413: 'request too large',
  422: 'unprocessable entity',
  429: 'too many requests',
  500: 'internal error',
  501: 'not implemented',
  503: 'unavailable',
  504: 'unavailable',
};

function issuesOf(err: AppError): ValidationIssue[] | undefined {
  const d = err.details as { issues?: ValidationIssue[] } | undefined;
  return Array.isArray(d?.issues) ? d.issues : undefined;
}

/** `{"error":{"root_cause":[..],"type":..,"reason":..},"status":N}` as OpenSearch answers. */
export function renderOpenSearchError(err: AppError): RenderedError {
  const type = err.type ?? OPENSEARCH_TYPES[err.status] ?? 'exception';
  const issues = issuesOf(err);
  const reason =
    type === 'action_request_validation_exception' && issues
      ? `Validation Failed: ${issues.map((i, n) => `${n + 1}: ${i.path ? `${i.path}: ` : ''}${i.message};`).join('')}`
      : err.message;
  const cause = { type, reason, ...(err.fields ?? {}) };
  return {
    status: err.status,
    headers: { ...(err.headers ?? {}) },
    body: { error: { root_cause: [cause], ...cause }, status: err.status },
  };
}

/** `{"code":"invalid","message":".."}` plus the `X-Platform-Error-Code` header, as InfluxDB answers. */
export function renderInfluxError(err: AppError): RenderedError {
  const code = err.influxCode ?? INFLUX_CODES[err.status] ?? (err.status >= 500 ? 'internal error' : 'invalid');
  return {
    status: err.status,
    headers: { 'X-Platform-Error-Code': code, ...(err.headers ?? {}) },
    body: { code, message: err.message },
  };
}

/** ElasticHQ's envelope; `status_code` always equals the HTTP status. */
export function renderHqError(err: AppError): RenderedError {
  return {
    status: err.status,
    headers: { ...(err.headers ?? {}) },
    body: { status_code: err.status, message: err.message, data: [] },
  };
}

/** The gateway's own envelope: `{"error":{"code":..,"message":..,"details":..}}`. */
export function renderGatewayError(err: AppError): RenderedError {
  const error: Record<string, unknown> = { code: err.code, message: err.message };
  if (err.details !== undefined) error.details = err.details;
  return { status: err.status, headers: { ...(err.headers ?? {}) }, body: { error } };
}

const RENDERERS: Record<ErrorFormat, (err: AppError) => RenderedError> = {
  opensearch: renderOpenSearchError,
  influx: renderInfluxError,
  hq: renderHqError,
  gateway: renderGatewayError,
};

/** Renders an AppError in the given API family's envelope. */
export function renderError(format: ErrorFormat, err: AppError): RenderedError {
  return RENDERERS[format](err);
}
