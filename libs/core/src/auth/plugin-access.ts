import type { IncomingHttpHeaders } from 'node:http';
import { currentRequest } from '../http/request-context';
import type { PluginAuthOptions } from '../plugin/define-plugin';
import { routeSegments } from '../plugin/mounts';
import { requiredRoleFor, type ReadRules } from './roles';
import { RouteTable } from './route-table';
import { assertRole, type Principal, type TokenAuthenticator } from './tokens';

function queryToken(url: string, params: readonly string[] | undefined): string | undefined {
  if (!params?.length) return undefined;
  const q = url.indexOf('?');
  if (q < 0) return undefined;
  const query = new URLSearchParams(url.slice(q + 1));
  for (const p of params) {
    const value = query.get(p);
    if (value) return value;
  }
  return undefined;
}

interface CompiledAuth {
  publicPaths: RouteTable;
  rules: ReadRules;
}

const compiled = new WeakMap<PluginAuthOptions, CompiledAuth>();
const NONE: CompiledAuth = { publicPaths: new RouteTable([]), rules: { reads: new RouteTable([]) } };

// `:param` in a plugin path is a route parameter, as in Express; `/*` at the end is "anything below".
const asPattern = (path: string) => path.replace(/(^|\/):(\w+)/g, '$1{$2}');

/** A plugin's auth options as route tables, built once per options object. */
function compile(options: PluginAuthOptions | undefined): CompiledAuth {
  if (!options) return NONE;
  let found = compiled.get(options);
  if (!found) {
    found = {
      publicPaths: new RouteTable((options.publicPaths ?? []).map((p) => ({ methods: ['GET', 'HEAD'], path: asPattern(p) }))),
      rules: { reads: new RouteTable((options.readOnlyPaths ?? []).map((p) => ({ methods: ['POST'], path: asPattern(p) }))) },
    };
    compiled.set(options, found);
  }
  return found;
}

/**
 * Authenticates and authorizes one request to a plugin route (throws 401/403), honouring the plugin's
 * public paths, token query parameters and read-only POST paths, all matched on path segments (the
 * query string never counts); records the caller in the request context and returns it (undefined when
 * auth is off or the path is public).
 */
export function checkPluginAccess(
  authenticator: TokenAuthenticator | undefined,
  options: PluginAuthOptions | undefined,
  request: { method: string; url: string; headers: IncomingHttpHeaders },
): Principal | undefined {
  if (!authenticator?.enabled) return undefined;
  const path = request.url.split('?')[0];
  // An undecodable path keeps its raw segments: they match no read-only shape, so it needs the operator role.
  const segments = routeSegments(path) ?? path.split('/');
  const auth = compile(options);
  if (auth.publicPaths.has(request.method, segments)) return undefined;
  const principal = authenticator.authenticate(request.headers, queryToken(request.url, options?.tokenQueryParams));
  const ctx = currentRequest();
  if (ctx && principal) {
    ctx.role = principal.role;
    ctx.principal = principal.name;
  }
  assertRole(principal, requiredRoleFor({ method: request.method, segments }, auth.rules), `${request.method} ${path}`);
  return principal;
}
