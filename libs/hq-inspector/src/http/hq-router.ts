import { Router, type Request, type RequestHandler } from 'express';
import { sendHq } from './envelope';

/** One row of `/api/routes`, as HQ renders Flask's url_map. */
export interface RouteInfo {
  api: string;
  methods: string;
  url: string;
}

type Method = 'get' | 'post' | 'put' | 'delete';

/** Options of one route. */
export interface RouteOptions {
  /** HTTP status of a success (HQ: 201 for `_connect` and, oddly, for the diagnostics GET). */
  status?: number;
  /** Middleware run before the handler (role checks, body parser). */
  before?: RequestHandler[];
}

// `{/:ids}` optional groups become two rows, `:name` becomes `[name]`, as HQ prints its routes.
function expand(path: string): string[] {
  const m = /\{([^{}]*)\}/.exec(path);
  if (!m) return [path.replace(/:(\w+)/g, '[$1]')];
  return [...expand(path.replace(m[0], '')), ...expand(path.replace(m[0], m[1]))];
}

/**
 * A router for one HQ top-level path. Handlers return the payload; the router wraps it in HQ's envelope
 * and records the route for `/api/routes`.
 */
export class HqRouter {
  readonly router = Router({ mergeParams: true });

  constructor(
    private readonly base: string,
    private readonly table: RouteInfo[],
  ) {}

  route(methods: Method[], path: string, name: string, handler: (req: Request) => Promise<unknown>, options: RouteOptions = {}): this {
    const wrapped: RequestHandler = async (req, res) => {
      const data = await handler(req);
      sendHq(res, data, { status: options.status });
    };
    for (const m of methods) this.router[m](path, ...(options.before ?? []), wrapped);
    for (const url of expand(path)) {
      this.table.push({ api: `api.${name}`, methods: methods.map((m) => m.toUpperCase()).join(','), url: `${this.base}${url === '/' ? '' : url}` });
    }
    return this;
  }
}
