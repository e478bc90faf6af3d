import type { IncomingHttpHeaders } from 'node:http';
import { currentRequest } from '../http/request-context';
import type { PluginAuthOptions } from '../plugin/define-plugin';
import { requiredRoleFor } from './roles';
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

/** `p` is an exact path, or a prefix when it ends in `/*`. */
function matchesPath(p: string, path: string): boolean {
  return p.endsWith('/*') ? path.startsWith(p.slice(0, -1)) : p === path;
}

/**
 * Authenticates and authorizes one request to a plugin route (throws 401/403), honouring the plugin's
 * public paths, token query parameters and read-only POST paths; records the caller in the request context
 * and returns it (undefined when auth is off or the path is public).
 */
export function checkPluginAccess(
  authenticator: TokenAuthenticator | undefined,
  options: PluginAuthOptions | undefined,
  request: { method: string; url: string; headers: IncomingHttpHeaders },
): Principal | undefined {
  if (!authenticator?.enabled) return undefined;
  const path = request.url.split('?')[0];
  const read = request.method === 'GET' || request.method === 'HEAD';
  if (read && options?.publicPaths?.includes(path)) return undefined;
  const principal = authenticator.authenticate(request.headers, queryToken(request.url, options?.tokenQueryParams));
  const ctx = currentRequest();
  if (ctx && principal) {
    ctx.role = principal.role;
    ctx.principal = principal.name;
  }
  const readOnly = request.method === 'POST' && options?.readOnlyPaths?.some((p) => matchesPath(p, path));
  const required = readOnly ? 'viewer' : requiredRoleFor(request.method, path);
  assertRole(principal, required, `${request.method} ${path}`);
  return principal;
}
