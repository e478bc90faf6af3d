/** The signed-in token (sessionStorage only: never a URL, never localStorage) and the role it carries. */

export type Role = 'viewer' | 'operator' | 'admin';

export interface WhoAmI {
  auth_enabled: boolean;
  role: Role | null;
  token_name: string | null;
}

const KEY = 'ferry.console.token';

export interface TokenStore {
  get(): string | null;
  set(token: string | null): void;
}

export function sessionTokenStore(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>): TokenStore {
  return {
    get: () => storage.getItem(KEY),
    set: (t) => (t ? storage.setItem(KEY, t) : storage.removeItem(KEY)),
  };
}

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

/** What a session may do: with auth off everything, else by role (the server checks again). */
export function mayAct(who: WhoAmI | null, needed: Role = 'operator'): boolean {
  if (!who) return false;
  if (!who.auth_enabled) return true;
  return who.role !== null && RANK[who.role] >= RANK[needed];
}

/** Methods the REST console offers: a viewer gets the read ones only. */
export function restMethods(who: WhoAmI | null): string[] {
  return mayAct(who) ? ['GET', 'POST', 'PUT', 'DELETE', 'HEAD'] : ['GET', 'HEAD'];
}
