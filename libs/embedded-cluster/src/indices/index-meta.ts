import { ValidationError } from '@ferry/core';

/** A field mapping as OpenSearch stores it (`type`, sub-`fields`, nested `properties`, ...). */
export interface FieldMapping {
  type?: string;
  properties?: Record<string, FieldMapping>;
  fields?: Record<string, FieldMapping>;
  [key: string]: unknown;
}

/** An index's mappings: `dynamic` plus the field tree. */
export interface Mappings {
  dynamic?: unknown;
  properties?: Record<string, FieldMapping>;
  [key: string]: unknown;
}

/** An alias definition as given in `aliases` / `_aliases`. */
export interface AliasSpec {
  filter?: unknown;
  index_routing?: string;
  search_routing?: string;
  is_write_index?: boolean;
  is_hidden?: boolean;
  [key: string]: unknown;
}

/** Per-shard sequence and counters; `refreshed` is the seq_no up to which search sees operations. */
export interface ShardState {
  maxSeq: number;
  refreshed: number;
  indexTotal: number;
  deleteTotal: number;
  /** Approximate bytes written (OpenSearch's store size stand-in). */
  bytes: number;
  /** Counters OpenSearch keeps in memory only. */
  getTotal: number;
  queryTotal: number;
  refreshTotal: number;
  flushTotal: number;
}

/** Everything the node knows about one index. */
export interface IndexMeta {
  num: number;
  name: string;
  uuid: string;
  created: number;
  /** Flat settings with the `index.` prefix, values as strings (OpenSearch's own representation). */
  settings: Record<string, unknown>;
  mappings: Mappings;
  aliases: Record<string, AliasSpec>;
  state: 'open' | 'close';
  shards: ShardState[];
  /**
   * Why background work (periodic refresh, garbage collection) skips this index: stored settings that do
   * not validate, or a tick that threw. Cleared by a `_settings` update that validates.
   */
  failure?: string;
}

/** Settings that can only be set at creation (or on a closed index, which we refuse as OpenSearch does for shards). */
export const STATIC_SETTINGS = new Set(['index.number_of_shards', 'index.number_of_routing_shards', 'index.routing_partition_size']);

/** Flattens nested settings (`{index:{number_of_shards:1}}`, `{"index.x":..}`, `{number_of_shards:1}`) into `index.`-prefixed keys. */
export function flattenSettings(input: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const walk = (value: unknown, prefix: string): void => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) walk(v, prefix ? `${prefix}.${k}` : k);
      return;
    }
    const key = prefix.startsWith('index.') ? prefix : `index.${prefix}`;
    out[key] = value === null ? null : Array.isArray(value) ? value.map(String) : String(value);
  };
  walk(input ?? {}, '');
  return out;
}

/** Nests flat settings back into `{index:{...}}` the way GET answers without `flat_settings`. */
export function nestSettings(flat: Record<string, unknown>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat)) {
    const parts = key.split('.');
    let node = root;
    for (let i = 0; i < parts.length - 1; i++) {
      const next = node[parts[i]];
      if (next === null || typeof next !== 'object' || Array.isArray(next)) node[parts[i]] = {};
      node = node[parts[i]] as Record<string, unknown>;
    }
    node[parts[parts.length - 1]] = value;
  }
  return root;
}

/** Reads a positive integer setting, as OpenSearch validates it. */
export function intSetting(settings: Record<string, unknown>, key: string, fallback: number, min = 0): number {
  const raw = settings[key];
  if (raw === undefined || raw === null) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n)) {
    throw new ValidationError(`Failed to parse value [${String(raw)}] for setting [${key}]`, { type: 'illegal_argument_exception' });
  }
  if (n < min) {
    throw new ValidationError(`Failed to parse value [${n}] for setting [${key}] must be >= ${min}`, { type: 'illegal_argument_exception' });
  }
  return n;
}

/** `index.number_of_shards` (default 1). */
export function shardCount(meta: Pick<IndexMeta, 'settings'>): number {
  return intSetting(meta.settings, 'index.number_of_shards', 1, 1);
}

/** `index.number_of_replicas` (default 1, as in OpenSearch). */
export function replicaCount(meta: Pick<IndexMeta, 'settings'>): number {
  return intSetting(meta.settings, 'index.number_of_replicas', 1, 0);
}

/**
 * OpenSearch's `MetadataCreateIndexService.calculateNumRoutingShards`: the largest `numShards * 2^x` not above
 * 1024, at least one split; `index.number_of_routing_shards` overrides it.
 */
export function routingNumShards(meta: Pick<IndexMeta, 'settings'>): number {
  const shards = shardCount(meta);
  const explicit = meta.settings['index.number_of_routing_shards'];
  if (explicit !== undefined && explicit !== null) return intSetting(meta.settings, 'index.number_of_routing_shards', shards, 1);
  return defaultRoutingNumShards(shards);
}

/** The default routing shard count for `numShards` primaries. */
export function defaultRoutingNumShards(numShards: number): number {
  const log2NumShards = 32 - Math.clz32(numShards - 1);
  const numSplits = Math.max(1, 10 - log2NumShards);
  return numShards * 2 ** numSplits;
}

/** Parses an OpenSearch time value (`1s`, `500ms`, `2m`, `-1`) into milliseconds; -1 means disabled. */
export function parseTimeValue(raw: unknown, setting: string): number {
  const text = String(raw).trim();
  if (text === '-1') return -1;
  const m = /^(\d+(?:\.\d+)?)(nanos|micros|ms|s|m|h|d)$/.exec(text);
  if (!m) {
    throw new ValidationError(
      `failed to parse setting [${setting}] with value [${text}] as a time value: unit is missing or unrecognized`,
      { type: 'illegal_argument_exception' },
    );
  }
  const factor: Record<string, number> = { nanos: 1e-6, micros: 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000, d: 86400000 };
  return Number(m[1]) * factor[m[2]];
}

/** `index.refresh_interval` in ms (default 1s; -1 disables periodic refresh). */
export function refreshIntervalMs(meta: Pick<IndexMeta, 'settings'>): number {
  const raw = meta.settings['index.refresh_interval'];
  return raw === undefined || raw === null ? 1000 : parseTimeValue(raw, 'index.refresh_interval');
}

/** `index.gc_deletes` in ms (default 60s): how long delete tombstones keep answering version checks. */
export function gcDeletesMs(meta: Pick<IndexMeta, 'settings'>): number {
  const raw = meta.settings['index.gc_deletes'];
  return raw === undefined || raw === null ? 60000 : Math.max(0, parseTimeValue(raw, 'index.gc_deletes'));
}

/** Whether a boolean setting is on (`true` / `"true"`). */
export function boolSetting(meta: Pick<IndexMeta, 'settings'>, key: string): boolean {
  return String(meta.settings[key]) === 'true';
}

/** A fresh shard state. */
export function newShardState(): ShardState {
  return { maxSeq: -1, refreshed: -1, indexTotal: 0, deleteTotal: 0, bytes: 0, getTotal: 0, queryTotal: 0, refreshTotal: 0, flushTotal: 0 };
}
