/** One row of HQ's index summary (`IndicesService.get_indices_summary`). */
export interface IndexSummary {
  index_name: string;
  health: string | null;
  docs: number | null;
  docs_deleted: number | null;
  size_in_bytes: number | null;
  fielddata: { memory_size_in_bytes: number | null };
  settings: { number_of_shards: number | null; number_of_replicas: number | null };
  state: string | null;
}

/** The three answers the summary is computed from. */
export interface IndexSummaryInput {
  /** `GET <names|_all>/_stats`. */
  stats: { indices?: Record<string, any> };
  /** `GET _cluster/state/metadata/<names>`. */
  state: { metadata?: { indices?: Record<string, any> } };
  /** `GET _cat/indices?format=json`. */
  cat: readonly { index?: string; health?: string }[];
  /** Dot-prefixed indices are left out when false (HQ's `show_dot_indices`, default true). */
  showDotIndices?: boolean;
}

const num = (v: unknown): number | null => (v === undefined || v === null || v === '' ? null : Number(v));

/**
 * HQ's index summary, sorted by name. A missing `_cat/indices` row gives `health: null` instead of HQ's
 * IndexError (AWS issues #371, #486).
 */
export function indexSummary(input: IndexSummaryInput): IndexSummary[] {
  const health = new Map(input.cat.map((r) => [r.index, r.health ?? null]));
  const meta = input.state.metadata?.indices ?? {};
  return Object.entries(input.stats.indices ?? {})
    .filter(([name]) => input.showDotIndices !== false || !name.startsWith('.'))
    .map(([name, s]) => {
      const m = meta[name] ?? {};
      return {
        index_name: name,
        health: health.get(name) ?? null,
        docs: num(s?.primaries?.docs?.count),
        docs_deleted: num(s?.primaries?.docs?.deleted),
        size_in_bytes: num(s?.primaries?.store?.size_in_bytes),
        fielddata: { memory_size_in_bytes: num(s?.total?.fielddata?.memory_size_in_bytes) },
        settings: {
          number_of_shards: num(m.settings?.index?.number_of_shards),
          number_of_replicas: num(m.settings?.index?.number_of_replicas),
        },
        state: m.state ?? null,
      };
    })
    .sort((a, b) => (a.index_name < b.index_name ? -1 : a.index_name > b.index_name ? 1 : 0));
}

/** `{index:{aliases:{a:{}}}}` → `[{index_name, alias}]`, filters and routing ignored as in HQ. */
export function flattenAliases(body: Record<string, { aliases?: Record<string, unknown> }>): { index_name: string; alias: string }[] {
  return Object.entries(body).flatMap(([index, v]) => Object.keys(v?.aliases ?? {}).map((alias) => ({ index_name: index, alias })));
}

/** `_cat/indices` rows whose status starts with `close`. */
export function closedIndices<T extends { status?: string }>(rows: readonly T[]): T[] {
  return rows.filter((r) => (r.status ?? '').startsWith('close'));
}

/** `index-graveyard.tombstones` of the cluster state → `[{index, deleted}]` (deleted in epoch ms). */
export function deletedIndices(state: { metadata?: Record<string, any> }): { index: unknown; deleted: unknown }[] {
  const tombstones: any[] = state.metadata?.['index-graveyard']?.tombstones ?? [];
  return tombstones.map((t) => ({ index: t.index, deleted: t.delete_date_in_millis ?? null }));
}
