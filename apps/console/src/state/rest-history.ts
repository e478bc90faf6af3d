/** The REST console's history: newest first, deduplicated, bounded, kept in sessionStorage with the session. */

export interface RestEntry {
  cluster: string;
  method: string;
  path: string;
  body: string;
  status?: number;
  ms?: number;
}

export const HISTORY_LIMIT = 50;

export function pushHistory(list: readonly RestEntry[], entry: RestEntry, limit = HISTORY_LIMIT): RestEntry[] {
  const same = (e: RestEntry) => e.cluster === entry.cluster && e.method === entry.method && e.path === entry.path && e.body === entry.body;
  return [entry, ...list.filter((e) => !same(e))].slice(0, limit);
}

/**
 * The gateway path of a REST console request: the local cluster through the pass-through at `/`, any other
 * through HQ's `/api/proxy/<cluster>`.
 */
export function restTarget(cluster: string, localName: string, path: string): string {
  const p = path.trim().replace(/^\/+/, '');
  return cluster === localName ? `/${p}` : `/api/proxy/${encodeURIComponent(cluster)}/${p}`;
}

export function loadHistory(storage: Pick<Storage, 'getItem'>): RestEntry[] {
  try {
    const v = JSON.parse(storage.getItem('ferry.console.rest') ?? '[]');
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
}

export function saveHistory(storage: Pick<Storage, 'setItem'>, list: readonly RestEntry[]): void {
  storage.setItem('ferry.console.rest', JSON.stringify(list));
}
