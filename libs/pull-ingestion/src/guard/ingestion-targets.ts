import type { LocalAnswer } from '../http/local-cluster';

/** What the resolver needs: the ingestion index names, and raw calls to the local cluster. */
export interface IngestionTargetsOptions {
  /** Names of the ingestion indices right now. */
  names: () => string[];
  call: (method: string, path: string, query?: Record<string, string>) => Promise<LocalAnswer>;
  /** How long the alias view is trusted (aliases may change on the cluster behind the gateway's back). */
  ttlMs?: number;
}

interface AliasView {
  /** Alias → the ingestion index a write through it lands on. */
  write: Map<string, string>;
  /** Alias → every ingestion index it points to (searches and by-query requests go to all of them). */
  members: Map<string, string[]>;
  at: number;
}

type AliasAnswer = Record<string, { aliases?: Record<string, { is_write_index?: boolean }> }>;

/**
 * Tells which index names and aliases lead to ingestion indices. The aliases are read from the cluster
 * (only those pointing to an ingestion index) and kept for `ttlMs`; the gateway invalidates the view
 * when an alias request passes through it.
 */
export class IngestionTargets {
  private view?: AliasView;
  private loading?: Promise<AliasView>;

  constructor(private readonly options: IngestionTargetsOptions) {}

  /** Forgets the alias view (an alias or an index changed). */
  invalidate(): void {
    this.view = undefined;
  }

  /** The ingestion index a document write to `name` (index or alias) goes to, if any. */
  async writeTarget(name: string): Promise<string | undefined> {
    if (this.options.names().includes(name)) return name;
    return (await this.aliases()).write.get(name);
  }

  /** Every known alias of an ingestion index (for a cheap substring pre-check of `_bulk` bodies). */
  async aliasNames(): Promise<string[]> {
    return [...(await this.aliases()).members.keys()];
  }

  /** The ingestion indices an index expression (`a,b`, wildcards, `_all`, aliases) reads from. */
  async readTargets(expression: string): Promise<string[]> {
    const names = this.options.names();
    const parts = expression.split(',').filter(Boolean);
    const view = await this.aliases();
    const out = new Set<string>();
    for (const part of parts) {
      if (part === '_all' || part.includes('*')) {
        const re = new RegExp(`^${part === '_all' ? '.*' : part.split('*').map(escape).join('.*')}$`);
        for (const n of names) if (re.test(n)) out.add(n);
      } else if (names.includes(part)) out.add(part);
      else for (const n of view.members.get(part) ?? []) out.add(n);
    }
    return [...out];
  }

  private async aliases(): Promise<AliasView> {
    const ttl = this.options.ttlMs ?? 1000;
    if (this.view && Date.now() - this.view.at < ttl) return this.view;
    this.loading ??= this.load().finally(() => (this.loading = undefined));
    this.view = await this.loading;
    return this.view;
  }

  private async load(): Promise<AliasView> {
    const view: AliasView = { write: new Map(), members: new Map(), at: Date.now() };
    const names = this.options.names();
    if (names.length === 0) return view;
    const own = await this.options.call('GET', `/${names.map(encodeURIComponent).join(',')}/_alias`, { ignore_unavailable: 'true' });
    const aliases = new Set<string>();
    for (const entry of Object.values((own.status < 300 ? own.body : {}) as AliasAnswer)) for (const a of Object.keys(entry.aliases ?? {})) aliases.add(a);
    if (aliases.size === 0) return view;
    const all = await this.options.call('GET', `/_alias/${[...aliases].map(encodeURIComponent).join(',')}`);
    const holders = new Map<string, { index: string; isWrite?: boolean }[]>();
    for (const [index, entry] of Object.entries((all.status < 300 ? all.body : {}) as AliasAnswer)) {
      for (const [alias, spec] of Object.entries(entry.aliases ?? {})) {
        if (aliases.has(alias)) (holders.get(alias) ?? holders.set(alias, []).get(alias)!).push({ index, isWrite: spec.is_write_index });
      }
    }
    for (const [alias, list] of holders) {
      view.members.set(alias, list.map((h) => h.index).filter((i) => names.includes(i)));
      // OpenSearch's write index: the only member (unless disabled), else the one flagged is_write_index.
      const writer = list.length === 1 && list[0].isWrite !== false ? list[0] : list.find((h) => h.isWrite === true);
      if (writer && names.includes(writer.index)) view.write.set(alias, writer.index);
    }
    return view;
  }
}

function escape(s: string): string {
  return s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}
