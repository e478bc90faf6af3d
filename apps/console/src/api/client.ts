/** Calls Ferry's public HTTP APIs from the page, with the signed-in token, and reads each API's error text. */

/** One HTTP call the console makes: also what an action is before it runs (unit-tested as data). */
export interface ApiRequest {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
}

/** A refused or failed call, carrying the API's own words. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * The message of any of Ferry's error envelopes: OpenSearch `{error:{type,reason}}` (or `{error:"..."}`),
 * the gateway's `{error:{code,message}}`, InfluxDB's `{code,message}`, ElasticHQ's `{status_code,message}`.
 */
export function errorText(status: number, body: unknown, raw = ''): string {
  const b = body as Record<string, any> | null;
  const e = b?.error;
  if (typeof e === 'string') return e;
  if (e && typeof e === 'object') {
    if (typeof e.reason === 'string') return e.type ? `${e.type}: ${e.reason}` : e.reason;
    if (typeof e.message === 'string') return e.message;
  }
  if (b && typeof b.message === 'string' && b.message) return b.message;
  const text = raw.trim();
  return text ? `HTTP ${status}: ${text.slice(0, 500)}` : `HTTP ${status}`;
}

/** The gateway's root as seen from the page: `/_console/` → `/`, `/base/_console/` → `/base/`. */
export function gatewayRoot(pathname: string): string {
  const i = pathname.indexOf('/_console');
  return i < 0 ? '/' : pathname.slice(0, i + 1);
}

export interface CallResult<T> {
  status: number;
  body: T;
  text: string;
  ms: number;
}

export interface Client {
  call<T = unknown>(req: ApiRequest, options?: { signal?: AbortSignal; raw?: boolean; bodyText?: string }): Promise<CallResult<T>>;
}

/** A client bound to a root and a token getter; a non-2xx answer throws {@link ApiError} unless `raw`. */
export function createClient(options: { root: string; token: () => string | null; fetch?: typeof fetch }): Client {
  const doFetch = options.fetch ?? ((...a: Parameters<typeof fetch>) => fetch(...a));
  return {
    async call<T>(req: ApiRequest, opts: { signal?: AbortSignal; raw?: boolean; bodyText?: string } = {}) {
      const headers: Record<string, string> = { accept: 'application/json' };
      const token = options.token();
      if (token) headers.authorization = `Bearer ${token}`;
      let body: string | undefined = opts.bodyText;
      if (body === undefined && req.body !== undefined) body = JSON.stringify(req.body);
      if (body !== undefined && body !== '') headers['content-type'] = 'application/json';
      const started = performance.now();
      const res = await doFetch(options.root + req.path.replace(/^\//, ''), { method: req.method, headers, body: body || undefined, signal: opts.signal, credentials: 'omit' });
      const text = await res.text();
      const ms = performance.now() - started;
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        /* not JSON: keep the text */
      }
      if (!res.ok && !opts.raw) throw new ApiError(res.status, errorText(res.status, parsed, text));
      return { status: res.status, body: parsed as T, text, ms };
    },
  };
}
