import type { Client } from '@opensearch-project/opensearch';

/** One REST call. */
export interface RestCall {
  method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** Newline-delimited body (bulk); sent as `application/x-ndjson`. */
  ndjson?: string;
  /** Statuses that resolve instead of throwing. */
  ignore?: number[];
}

/** A failed call: HTTP status (0 when the cluster was unreachable), OpenSearch error type and reason. */
export class RestError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly reason: string,
  ) {
    super(type ? `[${type}] ${reason}` : reason);
    this.name = 'RestError';
  }

  /** Worth retrying: unreachable, overloaded (429) or a server-side failure. */
  get transient(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }

  /** OpenSearch-style class name for auto-pause reasons, e.g. `org.opensearch.index.IndexNotFoundException`. */
  get summary(): string {
    return this.type ? `${this.type}: ${this.reason}` : this.reason;
  }
}

/** A response: status and parsed body. */
export interface RestResponse<T> {
  status: number;
  body: T;
}

/**
 * Thin REST access to one cluster through an opensearch-js client (which carries the connection's
 * auth, TLS and keep-alive). Paths are raw so the same code speaks to OpenSearch and Elasticsearch.
 */
export class Rest {
  constructor(
    private readonly client: Client,
    private readonly headers: Record<string, string> = {},
  ) {}

  /** A view of this cluster sending other credentials (a `use_roles` role). */
  withHeaders(headers: Record<string, string>): Rest {
    return new Rest(this.client, { ...this.headers, ...headers });
  }

  async call<T = any>(req: RestCall): Promise<RestResponse<T>> {
    const query: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) query[k] = String(v);
    try {
      const res = await this.client.transport.request(
        { method: req.method, path: req.path, querystring: query, body: req.body as never, bulkBody: req.ndjson },
        { ignore: req.ignore, headers: this.headers, maxRetries: 0 },
      );
      return { status: res.statusCode ?? 200, body: res.body as T };
    } catch (err) {
      throw toRestError(err);
    }
  }

  /** Shorthand returning only the body. */
  async json<T = any>(req: RestCall): Promise<T> {
    return (await this.call<T>(req)).body;
  }
}

/** Converts whatever the client threw into a {@link RestError}. */
export function toRestError(err: unknown): RestError {
  if (err instanceof RestError) return err;
  const e = err as { meta?: { statusCode?: number; body?: any }; message?: string; name?: string };
  const status = e?.meta?.statusCode;
  if (typeof status === 'number' && status > 0) {
    const body = e.meta?.body;
    const error = body?.error;
    const type = typeof error === 'object' ? (error?.type ?? '') : '';
    const reason = typeof error === 'object' ? (error?.reason ?? JSON.stringify(body)) : String(error ?? body ?? e.message);
    return new RestError(status, type, reason);
  }
  // An answer too deep to read will be as deep on the next try: permanent, so the replication pauses with it.
  if (e?.name === 'JsonTooDeepError') return new RestError(422, 'json_too_deep_exception', e.message ?? 'the cluster answered JSON nested too deep');
  return new RestError(0, '', `${e?.name ?? 'Error'}: ${e?.message ?? String(err)}`);
}

/** Encodes an index name for a path segment. */
export function seg(name: string): string {
  return encodeURIComponent(name);
}
