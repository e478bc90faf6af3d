/** Options shared by every {@link AppError}. */
export interface AppErrorOptions {
  /** Stable machine-readable code of the gateway's own envelope, e.g. `not_found`. */
  code?: string;
  /** Extra structured information; rendered by the gateway envelope and logged. */
  details?: unknown;
  /** OpenSearch exception type, e.g. `index_not_found_exception`; defaults by status. */
  type?: string;
  /** Extra fields OpenSearch puts on the error object and its root cause, e.g. `index`. */
  fields?: Record<string, unknown>;
  /** InfluxDB error code, e.g. `invalid`; defaults by status. */
  influxCode?: string;
  /** Response headers to add, e.g. `Retry-After`. */
  headers?: Record<string, string>;
  /** The underlying error, logged but never rendered. */
  cause?: unknown;
}

/**
 * The one error family of Ferry. Deliberate errors carry an HTTP status, a stable code and a message
 * meant for the client; each API family renders them in its own envelope.
 */
export class AppError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details?: unknown;
  readonly type?: string;
  readonly fields?: Record<string, unknown>;
  readonly influxCode?: string;
  readonly headers?: Record<string, string>;

  constructor(status: number, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.status = status;
    this.code = options.code ?? defaultCode(status);
    this.details = options.details;
    this.type = options.type;
    this.fields = options.fields;
    this.influxCode = options.influxCode;
    this.headers = options.headers;
  }
}

/** 400: the request is malformed or fails validation. */
export class ValidationError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super(400, message, { code: 'validation_failed', ...options });
  }
}

/** 401: no or bad credentials. */
export class UnauthorizedError extends AppError {
  constructor(message = 'authentication required', options: AppErrorOptions = {}) {
    super(401, message, { code: 'unauthorized', ...options });
  }
}

/** 403: credentials are fine but the role may not do this. */
export class ForbiddenError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super(403, message, { code: 'forbidden', ...options });
  }
}

/** 404: the named resource does not exist. */
export class NotFoundError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super(404, message, { code: 'not_found', ...options });
  }
}

/** 409: the resource exists already or is in a conflicting state. */
export class ConflictError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super(409, message, { code: 'conflict', ...options });
  }
}

/** 413: the body is larger than allowed. */
export class PayloadTooLargeError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super(413, message, { code: 'payload_too_large', ...options });
  }
}

/** 422: well-formed but semantically unusable input. */
export class UnprocessableError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super(422, message, { code: 'unprocessable', ...options });
  }
}

/** 503: a dependency or resource is temporarily unavailable. */
export class UnavailableError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super(503, message, { code: 'unavailable', ...options });
  }
}

/** 504: an upstream did not answer in time. */
export class GatewayTimeoutError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super(504, message, { code: 'gateway_timeout', ...options });
  }
}

const CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  429: 'too_many_requests',
  500: 'internal_error',
  502: 'bad_gateway',
  503: 'unavailable',
  504: 'gateway_timeout',
};

function defaultCode(status: number): string {
  return CODES[status] ?? (status >= 500 ? 'internal_error' : 'error');
}

/** Turns anything thrown into an AppError; unknown errors become a generic 500 that hides the cause. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const e = err as { type?: string; status?: number; statusCode?: number; expose?: boolean; message?: string };
  // body-parser / raw-body errors carry a status and a `type`; they are client errors.
  if (e && typeof e === 'object' && e.expose && typeof (e.status ?? e.statusCode) === 'number') {
    const status = (e.status ?? e.statusCode) as number;
    if (status === 413) return new PayloadTooLargeError('request body is too large', { cause: err });
    if (e.type === 'entity.parse.failed') {
      return new ValidationError(`failed to parse request body: ${e.message}`, { cause: err, type: 'parsing_exception' });
    }
    return new AppError(status, e.message ?? 'bad request', { cause: err });
  }
  return new AppError(500, 'internal server error', { cause: err, code: 'internal_error' });
}
