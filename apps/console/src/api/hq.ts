/** ElasticHQ's API answers `{status_code, message, data}`; these helpers unwrap `data` and shape rows. */
import type { Client } from './client';
import type { Row } from '../state/table';

export async function hq<T>(client: Client, path: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE' = 'GET', body?: unknown): Promise<T> {
  const r = await client.call<{ data: T }>({ method, path, body });
  return r.body?.data as T;
}

export interface IndexSummary {
  index_name: string;
  health: string | null;
  docs: number | null;
  docs_deleted: number | null;
  size_in_bytes: number | null;
  settings: { number_of_shards: number | null; number_of_replicas: number | null };
  state: string | null;
}

/** Flat, sortable rows of HQ's index summary. */
export function indexRows(list: readonly IndexSummary[]): Row[] {
  return list.map((i) => ({
    index: i.index_name,
    health: i.health,
    state: i.state,
    docs: i.docs,
    deleted: i.docs_deleted,
    size: i.size_in_bytes,
    shards: i.settings?.number_of_shards ?? null,
    replicas: i.settings?.number_of_replicas ?? null,
  }));
}

/** A connection to add through `POST /api/clusters/_connect`: Ferry's form, secrets only when given. */
export interface ConnectionForm {
  name: string;
  url: string;
  authType: 'none' | 'basic' | 'apiKey' | 'bearer';
  username: string;
  secret: string;
  verifyTls: boolean;
  ca: string;
}

export function connectBody(f: ConnectionForm): Record<string, unknown> {
  const auth =
    f.authType === 'basic' ? { type: 'basic', username: f.username, password: f.secret } : f.authType === 'apiKey' ? { type: 'apiKey', apiKey: f.secret } : f.authType === 'bearer' ? { type: 'bearer', token: f.secret } : { type: 'none' };
  const body: Record<string, unknown> = { url: f.url.trim(), auth };
  if (f.name.trim()) body.name = f.name.trim();
  if (f.url.trim().startsWith('https:') && (!f.verifyTls || f.ca.trim())) body.tls = { verify: f.verifyTls, ...(f.ca.trim() ? { ca: f.ca } : {}) };
  return body;
}

export type RuleStatus = 'PASS' | 'WARN' | 'DANGER' | string;

export interface RuleResult {
  rule_label: string;
  rule_comment: string | null;
  rule_value: number | string;
  status: RuleStatus;
  unit: string | null;
}

/** Every rule result of a node's diagnostics, grouped (`*_rules` keys), worst first. */
export function diagnosticRows(node: Record<string, unknown>): (RuleResult & { group: string })[] {
  const rank = (s: string) => (s === 'DANGER' ? 0 : s === 'WARN' ? 1 : 2);
  return Object.entries(node)
    .filter(([k, v]) => k.endsWith('_rules') && Array.isArray(v))
    .flatMap(([group, list]) => (list as RuleResult[]).map((r) => ({ ...r, group: group.replace(/_rules$/, '') })))
    .sort((a, b) => rank(a.status) - rank(b.status));
}

export function countStatuses(rows: readonly { status: string }[]): Record<'PASS' | 'WARN' | 'DANGER', number> {
  const out = { PASS: 0, WARN: 0, DANGER: 0 };
  for (const r of rows) if (r.status in out) out[r.status as keyof typeof out]++;
  return out;
}
