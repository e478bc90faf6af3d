import { z } from 'zod';
import { OPENSEARCH_ACTS, OPENSEARCH_READS } from './opensearch-routes';
import type { RouteTable } from './route-table';

/** viewer reads; operator may change things; admin may do everything. */
export const roleSchema = z.enum(['viewer', 'operator', 'admin']);
export type Role = z.infer<typeof roleSchema>;

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

/** True when `role` is at least `required`. */
export function roleAllows(role: Role, required: Role): boolean {
  return RANK[role] >= RANK[required];
}

/** The method and path of a request, as the classifier sees it (never the query string). */
export interface RouteRequest {
  method: string;
  /** Decoded path segments as OpenSearch's router splits them, empty inner ones kept (see `routeSegments`). */
  segments: readonly string[];
}

/** Which routes of an API only read, beyond GET, HEAD and OPTIONS. */
export interface ReadRules {
  /** Shapes a viewer may send with another method (POST searches, DELETE of a scroll). */
  reads: RouteTable;
  /** Shapes that need the operator role even with GET or HEAD. */
  acts?: RouteTable;
}

const OPENSEARCH: ReadRules = { reads: OPENSEARCH_READS, acts: OPENSEARCH_ACTS };

/**
 * The role a request needs by default, from its method and path segments: reads need viewer,
 * everything else (unknown routes included) operator. `rules` defaults to the OpenSearch API's
 * (see `OPENSEARCH_READ_SHAPES`); a plugin passes its own read-only routes.
 */
export function requiredRoleFor(request: RouteRequest, rules: ReadRules = OPENSEARCH): Role {
  const method = request.method.toUpperCase();
  if (rules.acts?.has(method, request.segments)) return 'operator';
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return 'viewer';
  return rules.reads.has(method, request.segments) ? 'viewer' : 'operator';
}
