import { RestError, seg, type Rest } from '../rest/rest';

/** What the follower is created from. */
export interface LeaderIndexInfo {
  settings: Record<string, string>;
  mappings: Record<string, unknown>;
  aliases: Record<string, Record<string, unknown>>;
}

// Never copied to the follower: identity, history, blocks and the plugin's block-list (ccr.md §1.8).
const NOT_REPLICATED = [
  /^index\.(uuid|creation_date|creation_date_string|provided_name|history\.uuid|verified_before_close|frozen|replication\.type)$/,
  /^index\.(version|resize|blocks|remote_store|lifecycle|plugins|opendistro)\./,
  /^index\.routing\.allocation\.initial_recovery\./,
  /^index\.routing\.(allocation|rebalance)\.enable$/,
  /^index\.soft_deletes\.retention_lease\.period$/,
  /^index\.write\.wait_for_active_shards$/,
  // Elasticsearch-only settings an OpenSearch follower refuses as unknown (data tiers, index modes).
  /^index\.routing\.allocation\.(include|require|exclude)\._tier(_preference)?$/,
  /^index\.(mode|routing_path|look_ahead_time|time_series\..*|mapping\.source\.mode|mapping\.total_fields\.ignore_dynamic_beyond_limit)$/,
];

// Settings a live index accepts; others (shards, codec, analysis...) are fixed at creation.
const DYNAMIC = [
  /^index\.(number_of_replicas|auto_expand_replicas|refresh_interval|max_result_window|max_inner_result_window|max_rescore_window)$/,
  /^index\.(max_docvalue_fields_search|max_script_fields|max_ngram_diff|max_shingle_diff|max_refresh_listeners|max_terms_count|max_regex_length)$/,
  /^index\.(gc_deletes|default_pipeline|final_pipeline|hidden|priority|query\.default_field)$/,
  /^index\.(mapping|search|translog|merge|highlight|analyze|routing\.allocation|unassigned)\./,
];

/** Index settings in flat form with the `index.` prefix, as OpenSearch normalizes them. */
export function flattenSettings(input: Record<string, unknown>, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(input)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) Object.assign(out, flattenSettings(value as Record<string, unknown>, full));
    else out[full.startsWith('index.') ? full : `index.${full}`] = Array.isArray(value) ? (value.map(String) as never) : String(value);
  }
  return out;
}

/** True for settings copied from the leader. */
export function isReplicable(key: string): boolean {
  return !NOT_REPLICATED.some((re) => re.test(key));
}

/** True for settings a live follower accepts. */
export function isDynamic(key: string): boolean {
  return isReplicable(key) && DYNAMIC.some((re) => re.test(key));
}

/** Settings keys `_update` and `_start` accept (index-scoped, known shape). */
export function isKnownIndexSetting(key: string): boolean {
  return /^index\.[a-z0-9_]+(\.[a-zA-Z0-9_\-]+)*$/.test(key);
}

/** Reads settings, mappings and aliases of the leader index. */
export async function leaderIndexInfo(rest: Rest, index: string): Promise<LeaderIndexInfo> {
  const body = await rest.json({ method: 'GET', path: `/${seg(index)}`, query: { flat_settings: true } });
  const entry = body?.[index];
  if (!entry) throw new RestError(404, 'index_not_found_exception', `no such index [${index}]`);
  return { settings: flattenSettings(entry.settings ?? {}), mappings: entry.mappings ?? {}, aliases: entry.aliases ?? {} };
}

function followerAliases(aliases: Record<string, Record<string, unknown>>): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [name, spec] of Object.entries(aliases)) {
    const { is_write_index: _dropped, ...rest } = spec ?? {};
    out[name] = rest;
  }
  return out;
}

/** Creates the follower with the leader's shard count, replicable settings (then overrides), mappings and aliases. */
export async function createFollowerIndex(opts: { follower: Rest; index: string; leader: LeaderIndexInfo; overrides: Record<string, unknown> }): Promise<number> {
  const settings: Record<string, string> = {};
  for (const [k, v] of Object.entries(opts.leader.settings)) if (isReplicable(k)) settings[k] = v;
  Object.assign(settings, flattenSettings(opts.overrides));
  settings['index.number_of_shards'] = opts.leader.settings['index.number_of_shards'] ?? '1';
  await opts.follower.call({
    method: 'PUT',
    path: `/${seg(opts.index)}`,
    body: { settings, mappings: opts.leader.mappings, aliases: followerAliases(opts.leader.aliases) },
  });
  return Number(settings['index.number_of_shards']);
}

/**
 * Brings the follower's dynamic settings, mappings and aliases in line with the leader (plus the
 * replication's overrides). Static setting changes are not applied (they need a close and reopen).
 */
export async function syncMetadata(opts: { leader: Rest; follower: Rest; leaderIndex: string; index: string; overrides: Record<string, unknown> }): Promise<void> {
  const leader = await leaderIndexInfo(opts.leader, opts.leaderIndex);
  const current = await leaderIndexInfo(opts.follower, opts.index);
  const desired: Record<string, string> = {};
  for (const [k, v] of Object.entries(leader.settings)) if (isDynamic(k)) desired[k] = v;
  for (const [k, v] of Object.entries(flattenSettings(opts.overrides))) if (isDynamic(k)) desired[k] = v;
  const changed = Object.fromEntries(Object.entries(desired).filter(([k, v]) => JSON.stringify(current.settings[k]) !== JSON.stringify(v)));
  if (Object.keys(changed).length > 0) {
    await opts.follower.call({ method: 'PUT', path: `/${seg(opts.index)}/_settings`, body: { index: unprefix(changed) } });
  }
  if (JSON.stringify(leader.mappings) !== JSON.stringify(current.mappings) && Object.keys(leader.mappings).length > 0) {
    await opts.follower.call({ method: 'PUT', path: `/${seg(opts.index)}/_mapping`, body: leader.mappings });
  }
  await syncAliases(opts.follower, opts.index, followerAliases(leader.aliases), current.aliases);
}

function unprefix(settings: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(settings).map(([k, v]) => [k.replace(/^index\./, ''), v]));
}

async function syncAliases(rest: Rest, index: string, want: Record<string, Record<string, unknown>>, have: Record<string, Record<string, unknown>>): Promise<void> {
  const actions: unknown[] = [];
  for (const [alias, spec] of Object.entries(want)) {
    if (JSON.stringify(have[alias]) !== JSON.stringify(spec)) actions.push({ add: { index, alias, ...spec } });
  }
  for (const alias of Object.keys(have)) if (!(alias in want)) actions.push({ remove: { index, alias } });
  if (actions.length > 0) await rest.call({ method: 'POST', path: '/_aliases', body: { actions } });
}
