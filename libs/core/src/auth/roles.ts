import { z } from 'zod';

/** viewer reads; operator may change things; admin may do everything. */
export const roleSchema = z.enum(['viewer', 'operator', 'admin']);
export type Role = z.infer<typeof roleSchema>;

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

/** True when `role` is at least `required`. */
export function roleAllows(role: Role, required: Role): boolean {
  return RANK[role] >= RANK[required];
}

// POST requests that only read (OpenSearch search family); a viewer may send them.
const READ_ONLY_POST = /(^|\/)(_search|_count|_msearch|_mget|_field_caps|_explain|_validate|_search\/scroll|_pit|_termvectors|_mtermvectors|_rank_eval|_analyze)(\/|$)/;

/** The role a request needs by default: reads need viewer, everything else operator. */
export function requiredRoleFor(method: string, path: string): Role {
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return 'viewer';
  if (method === 'POST' && READ_ONLY_POST.test(path)) return 'viewer';
  if (method === 'DELETE' && /(^|\/)_search\/scroll(\/|$)|(^|\/)_pit(\/|$)/.test(path)) return 'viewer';
  return 'operator';
}
