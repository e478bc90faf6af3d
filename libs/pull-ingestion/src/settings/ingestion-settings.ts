import { ValidationError } from '@ferry/core';
import { parsePartitionOffsets } from '../sources/partition-pointer';
import { PREFIX, type FlatSettings } from './flatten';

/** What a changed setting needs: applied live (dynamic), fixed at creation (final) or neither (index scope). */
type Scope = 'dynamic' | 'final' | 'index';

interface SettingDef {
  scope: Scope;
  default: string;
  check?: (value: string, key: string) => string | undefined;
}

const RESETS = ['latest', 'earliest', 'reset_by_offset', 'reset_by_timestamp'] as const;
const SOURCE_TYPES = ['kafka', 'kinesis', 'file'] as const;
const MAPPERS = ['default', 'raw_payload'] as const;
const STRATEGIES = ['simple', 'modulo'] as const;

function int(min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string, key: string) => {
    if (!/^-?\d+$/.test(value.trim())) return `Failed to parse value [${value}] for setting [${key}]`;
    const n = Number(value);
    if (n < min) return `Failed to parse value [${value}] for setting [${key}] must be >= ${min}`;
    if (n > max) return `Failed to parse value [${value}] for setting [${key}] must be <= ${max}`;
    return undefined;
  };
}

function bool(value: string, key: string) {
  return value === 'true' || value === 'false' ? undefined : `Failed to parse value [${value}] as only [true] or [false] are allowed. for setting [${key}]`;
}

function time(value: string, key: string) {
  return parseTimeMs(value) === undefined ? `failed to parse setting [${key}] with value [${value}] as a time value: unit is missing or unrecognized` : undefined;
}

/** OpenSearch time values: `-1`, `0`, or a number with d/h/m/s/ms/micros/nanos. */
export function parseTimeMs(value: string): number | undefined {
  if (value === '-1' || value === '0') return Number(value);
  const m = /^(\d+(?:\.\d+)?)\s*(nanos|micros|ms|s|m|h|d)$/.exec(value.trim());
  if (!m) return undefined;
  const unit = { nanos: 1e-6, micros: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2]]!;
  return Number(m[1]) * unit;
}

/** The settings Ferry knows, as OpenSearch defines them (IndexMetadata), plus `dead_letter.*`. */
const DEFS: Record<string, SettingDef> = {
  type: { scope: 'index', default: 'none', check: (v) => (SOURCE_TYPES.includes(v.toLowerCase() as never) ? undefined : `Unknown ingestion source type [${v}]. Valid values are: ${SOURCE_TYPES.join(', ')}`) },
  'pointer.init.reset': { scope: 'final', default: 'latest', check: (v, k) => (RESETS.includes(v.toLowerCase() as never) ? undefined : `Invalid value for ${k} [${v}]`) },
  'pointer.init.reset.value': { scope: 'final', default: '' },
  error_strategy: { scope: 'dynamic', default: 'DROP', check: (v) => (['DROP', 'BLOCK'].includes(v.toUpperCase()) ? undefined : `Invalid ingestion errorStrategy: ${v}`) },
  'poll.max_batch_size': { scope: 'dynamic', default: '1000', check: int(0) },
  'poll.timeout': { scope: 'dynamic', default: '1000', check: int(0, 2_147_483_647) },
  num_processor_threads: { scope: 'final', default: '1', check: int(1) },
  internal_queue_size: { scope: 'final', default: '100', check: int(1, 100_000) },
  pointer_based_lag_update_interval: { scope: 'final', default: '10s', check: time },
  mapper_type: { scope: 'final', default: 'default', check: (v) => (MAPPERS.includes(v as never) ? undefined : `Unknown ingestion mapper type: ${v}. Valid values are: ${MAPPERS.join(', ')}`) },
  all_active: { scope: 'final', default: 'false', check: bool },
  'warmup.timeout': { scope: 'dynamic', default: '-1', check: time },
  'warmup.lag_threshold': { scope: 'dynamic', default: '100', check: int(0) },
  source_partition_strategy: { scope: 'final', default: 'simple', check: (v) => (STRATEGIES.includes(v.toLowerCase() as never) ? undefined : `Unknown partition strategy: [${v}]. Valid values are [${STRATEGIES.join(', ')}]`) },
  'dead_letter.type': { scope: 'dynamic', default: 'none', check: (v) => (['none', 'file', 'index'].includes(v) ? undefined : `Invalid dead letter type [${v}]. Valid values are: none, file, index`) },
  'dead_letter.path': { scope: 'dynamic', default: '' },
  'dead_letter.index': { scope: 'dynamic', default: '' },
};

/** Prefix settings: any key below them is accepted. */
const PREFIXES: Record<string, Scope> = { 'param.': 'dynamic', 'mapper_settings.': 'final', 'decoder_settings.': 'final' };

const REQUIRED_PARAMS: Record<string, string[]> = { kafka: ['topic', 'bootstrap_servers'], kinesis: ['stream'], file: ['stream', 'base_directory'] };

/** The scope of `index.ingestion_source.<key>`, or undefined for an unknown setting. */
export function scopeOf(fullKey: string): Scope | undefined {
  const key = fullKey.slice(PREFIX.length);
  if (DEFS[key]) return DEFS[key].scope;
  for (const [p, scope] of Object.entries(PREFIXES)) if (key.startsWith(p) && key.length > p.length) return scope;
  if (key === 'decoder_type') return 'final';
  return undefined;
}

/** Typed view of an index's ingestion settings. */
export interface IngestionSource {
  type: (typeof SOURCE_TYPES)[number];
  reset: (typeof RESETS)[number];
  resetValue: string;
  errorStrategy: 'DROP' | 'BLOCK';
  maxBatchSize: number;
  pollTimeoutMs: number;
  internalQueueSize: number;
  lagUpdateIntervalMs: number;
  mapperType: (typeof MAPPERS)[number];
  /** `simple`: shard N reads partition N; `modulo`: every partition p with p % shards == N. */
  partitionStrategy: (typeof STRATEGIES)[number];
  params: Record<string, string>;
  deadLetter: { type: 'none' | 'file' | 'index'; path: string; index: string };
}

/** Every problem with a set of ingestion settings, worded as OpenSearch words them. */
export function settingsIssues(flat: FlatSettings): string[] {
  const issues: string[] = [];
  for (const [full, value] of Object.entries(flat)) {
    const key = full.slice(PREFIX.length);
    if (!scopeOf(full)) {
      issues.push(`unknown setting [${full}] please check that any required plugins are installed, or check the breaking changes documentation for removed settings`);
      continue;
    }
    const problem = DEFS[key]?.check?.(value, full);
    if (problem) issues.push(problem);
  }
  const get = (k: string) => flat[PREFIX + k] ?? DEFS[k].default;
  if (get('pointer.init.reset').toLowerCase().startsWith('reset_by_') && !get('pointer.init.reset.value')) {
    issues.push(`Setting ${PREFIX}pointer.init.reset.value should be set when resetting consumer position`);
  }
  if (get('source_partition_strategy').toLowerCase() === 'modulo' && get('pointer.init.reset').toLowerCase() === 'reset_by_offset' && get('pointer.init.reset.value')) {
    try {
      parsePartitionOffsets(get('pointer.init.reset.value'));
    } catch (err) {
      issues.push((err as Error).message);
    }
  }
  const decoder = flat[`${PREFIX}decoder_type`];
  if (decoder && decoder !== 'xcontent') issues.push(`Unknown ingestion decoder type: ${decoder}. Valid values are: xcontent`);
  const type = get('type').toLowerCase();
  for (const p of REQUIRED_PARAMS[type] ?? []) {
    if (!flat[`${PREFIX}param.${p}`]) issues.push(`Missing required setting [${PREFIX}param.${p}] for ingestion source type [${type}]`);
  }
  if (get('dead_letter.type') === 'file' && !get('dead_letter.path')) issues.push(`Setting [${PREFIX}dead_letter.path] is required when dead_letter.type is [file]`);
  if (get('dead_letter.type') === 'index' && !get('dead_letter.index')) issues.push(`Setting [${PREFIX}dead_letter.index] is required when dead_letter.type is [index]`);
  return issues;
}

/** Throws OpenSearch's `illegal_argument_exception` (400) with every issue. */
export function assertValidSettings(flat: FlatSettings): void {
  const issues = settingsIssues(flat);
  if (issues.length > 0) throw new ValidationError(issues.join('; '), { type: 'illegal_argument_exception', details: { issues } });
}

/** Parses validated flat settings into their typed form, with OpenSearch's defaults. */
export function parseIngestionSource(flat: FlatSettings): IngestionSource {
  assertValidSettings(flat);
  const get = (k: string) => flat[PREFIX + k] ?? DEFS[k].default;
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(flat)) if (k.startsWith(`${PREFIX}param.`)) params[k.slice(PREFIX.length + 6)] = v;
  return {
    type: get('type').toLowerCase() as IngestionSource['type'],
    reset: get('pointer.init.reset').toLowerCase() as IngestionSource['reset'],
    resetValue: get('pointer.init.reset.value'),
    errorStrategy: get('error_strategy').toUpperCase() as IngestionSource['errorStrategy'],
    maxBatchSize: Number(get('poll.max_batch_size')),
    pollTimeoutMs: Number(get('poll.timeout')),
    internalQueueSize: Number(get('internal_queue_size')),
    lagUpdateIntervalMs: parseTimeMs(get('pointer_based_lag_update_interval')) ?? 10_000,
    mapperType: get('mapper_type') as IngestionSource['mapperType'],
    partitionStrategy: get('source_partition_strategy').toLowerCase() as IngestionSource['partitionStrategy'],
    params,
    deadLetter: { type: get('dead_letter.type') as IngestionSource['deadLetter']['type'], path: get('dead_letter.path'), index: get('dead_letter.index') },
  };
}

/**
 * Checks a `PUT /<index>/_settings` change of ingestion settings: only dynamic ones may change.
 * Returns the merged settings (a `null` value resets a setting to its default).
 */
export function applySettingsUpdate(current: FlatSettings, change: Record<string, string | null>, indexName: string): FlatSettings {
  const issues: string[] = [];
  for (const key of Object.keys(change)) {
    const scope = scopeOf(key);
    if (scope === 'final') issues.push(`final index setting [${key}], not updateable`);
    else if (scope === 'index') issues.push(`Can't update non dynamic settings [[${key}]] for open indices [[${indexName}]]`);
  }
  if (issues.length > 0) throw new ValidationError(issues.join('; '), { type: 'illegal_argument_exception' });
  const next = { ...current };
  for (const [k, v] of Object.entries(change)) {
    if (v === null) delete next[k];
    else next[k] = v;
  }
  assertValidSettings(next);
  return next;
}
