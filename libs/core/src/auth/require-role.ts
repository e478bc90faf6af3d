import type { RequestHandler } from 'express';
import { ForbiddenError } from '../errors/app-error';
import { currentRequest } from '../http/request-context';
import { roleAllows, type Role } from './roles';

/** Route middleware demanding more than the default role (e.g. admin); a no-op when auth is off. */
export function requireRole(required: Role): RequestHandler {
  return (req, _res, next) => {
    const ctx = currentRequest();
    if (ctx?.role && !roleAllows(ctx.role, required)) {
      throw new ForbiddenError(`${ctx.principal} (role ${ctx.role}) may not ${req.method} ${req.originalUrl.split('?')[0]}: it needs the ${required} role`, {
        type: 'security_exception',
      });
    }
    next();
  };
}
