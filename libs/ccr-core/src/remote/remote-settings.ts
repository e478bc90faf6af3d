import type { ClusterConnectionInput } from '@ferry/clusters';

/** One alias declared through `cluster.remote.<alias>.*` settings. */
export interface RemoteDeclaration {
  alias: string;
  /** null removes the connection (`"seeds": null`). */
  seeds: string[] | null;
  /** Ferry settings under the same alias: the HTTP URL and credentials. */
  ferry: { url?: string; username?: string; password?: string; api_key?: string };
}

/** Flattens nested settings into dotted keys (values kept as given). */
export function flatten(input: Record<string, unknown>, prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input ?? {})) {
    const full = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) Object.assign(out, flatten(v as Record<string, unknown>, full));
    else out[full] = v;
  }
  return out;
}

const REMOTE = /^cluster\.remote\.([^.]+)\.(.+)$/;

/** Splits flat settings into remote-cluster declarations and everything else. */
export function splitRemote(flat: Record<string, unknown>): { remotes: RemoteDeclaration[]; rest: Record<string, unknown> } {
  const byAlias = new Map<string, RemoteDeclaration>();
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat)) {
    const m = REMOTE.exec(key);
    if (!m) {
      rest[key] = value;
      continue;
    }
    const [, alias, field] = m;
    const decl = byAlias.get(alias) ?? { alias, seeds: [], ferry: {} };
    byAlias.set(alias, decl);
    if (field === 'seeds') decl.seeds = value === null ? null : (Array.isArray(value) ? value : String(value).split(',')).map(String);
    else if (field.startsWith('ferry.')) (decl.ferry as Record<string, string>)[field.slice(6)] = String(value);
  }
  return { remotes: [...byAlias.values()], rest };
}

/** A transport seed `host:9300` means the HTTP API at `http://host:9200`; other ports are taken as HTTP ports. */
export function seedToUrl(seed: string): string {
  if (/^https?:\/\//.test(seed)) return seed;
  const i = seed.lastIndexOf(':');
  const host = i > 0 ? seed.slice(0, i) : seed;
  const port = i > 0 ? Number(seed.slice(i + 1)) : 9300;
  return `http://${host}:${port === 9300 ? 9200 : port}`;
}

/** The connection a declaration registers. */
export function toConnection(decl: RemoteDeclaration): ClusterConnectionInput | undefined {
  const url = decl.ferry.url ?? (decl.seeds && decl.seeds.length > 0 ? seedToUrl(decl.seeds[0]) : undefined);
  if (!url) return undefined;
  const auth = decl.ferry.api_key
    ? { type: 'apiKey' as const, apiKey: decl.ferry.api_key }
    : decl.ferry.username
      ? { type: 'basic' as const, username: decl.ferry.username, password: decl.ferry.password ?? '' }
      : { type: 'none' as const };
  return { name: decl.alias, url, auth };
}

/** The seeds `_remote/info` shows for a connection URL. */
export function urlToSeed(url: string): string {
  const u = new URL(url);
  const port = u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80;
  return `${u.hostname}:${port === 9200 ? 9300 : port}`;
}
