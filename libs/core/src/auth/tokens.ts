import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';
import { ForbiddenError, UnauthorizedError } from '../errors/app-error';
import { roleAllows, roleSchema, type Role } from './roles';

/** One API token from the config. */
export const apiTokenSchema = z.object({
  /** Who holds the token; shown in logs instead of the secret. */
  name: z.string().min(1),
  /** The secret itself (at least 16 characters). */
  token: z.string().min(16, 'tokens must be at least 16 characters long'),
  /** What the holder may do. */
  role: roleSchema,
});
export type ApiToken = z.infer<typeof apiTokenSchema>;

/** Who is calling, once a token matched. */
export interface Principal {
  name: string;
  role: Role;
}

/**
 * Reads the secret the way each client family sends it: `Authorization: Bearer x` (gateway tools),
 * `Authorization: Token x` (InfluxDB clients) or the password of basic auth (OpenSearch clients).
 */
export function presentedSecret(headers: IncomingHttpHeaders): string | undefined {
  const auth = headers.authorization;
  if (!auth) return undefined;
  const space = auth.indexOf(' ');
  if (space < 0) return undefined;
  const scheme = auth.slice(0, space).toLowerCase();
  const value = auth.slice(space + 1).trim();
  if (scheme === 'bearer' || scheme === 'token') return value;
  if (scheme === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon >= 0 ? decoded.slice(colon + 1) : undefined;
  }
  return undefined;
}

/** Checks presented secrets against the configured tokens in constant time. */
export class TokenAuthenticator {
  private readonly tokens: { name: string; role: Role; secret: Buffer }[];

  constructor(tokens: readonly ApiToken[]) {
    this.tokens = tokens.map((t) => ({ name: t.name, role: t.role, secret: Buffer.from(t.token) }));
  }

  /** True when tokens are configured, i.e. every request must authenticate. */
  get enabled(): boolean {
    return this.tokens.length > 0;
  }

  /** The principal for these headers; throws 401 when auth is on and nothing matches. */
  authenticate(headers: IncomingHttpHeaders, fromQuery?: string): Principal | undefined {
    if (!this.enabled) return undefined;
    const secret = presentedSecret(headers) ?? fromQuery;
    if (secret === undefined) {
      throw new UnauthorizedError('missing authentication credentials', {
        headers: { 'WWW-Authenticate': 'Basic realm="ferry", Bearer, Token' },
        type: 'security_exception',
        influxCode: 'unauthorized',
      });
    }
    const given = Buffer.from(secret);
    const match = this.tokens.find((t) => t.secret.length === given.length && timingSafeEqual(t.secret, given));
    if (!match) {
      throw new UnauthorizedError('unauthorized access: the token is not valid', {
        headers: { 'WWW-Authenticate': 'Basic realm="ferry", Bearer, Token' },
        type: 'security_exception',
      });
    }
    return { name: match.name, role: match.role };
  }
}

/** Throws 403 unless the principal (if auth is on) holds at least `required`. */
export function assertRole(principal: Principal | undefined, required: Role, action: string): void {
  if (!principal || roleAllows(principal.role, required)) return;
  throw new ForbiddenError(`${principal.name} (role ${principal.role}) may not ${action}: it needs the ${required} role`, {
    type: 'security_exception',
  });
}
