import { illegalArgument } from '../http/errors';
import { defaultRoutingNumShards, parseTimeValue } from './index-meta';

/** Most primary shards one index may have: OpenSearch's `index.number_of_shards` upper bound. */
export const MAX_SHARDS_PER_INDEX = 1024;

const INT_MAX = 2 ** 31 - 1;

interface IntRule {
  kind: 'int';
  min: number;
  max?: number;
}

type Rule = IntRule | { kind: 'time' } | { kind: 'bool' };

/**
 * Index settings whose values the embedded cluster reads, with OpenSearch's types and bounds. Every value
 * a timer, a writer or a reader parses later is checked here first, so stored settings cannot throw.
 */
const RULES: Record<string, Rule> = {
  'index.number_of_shards': { kind: 'int', min: 1, max: MAX_SHARDS_PER_INDEX },
  'index.number_of_replicas': { kind: 'int', min: 0 },
  'index.number_of_routing_shards': { kind: 'int', min: 1 },
  'index.routing_partition_size': { kind: 'int', min: 1 },
  'index.max_result_window': { kind: 'int', min: 1 },
  'index.max_terms_count': { kind: 'int', min: 1 },
  'index.mapping.depth.limit': { kind: 'int', min: 1 },
  'index.mapping.total_fields.limit': { kind: 'int', min: 0 },
  'index.mapping.nested_fields.limit': { kind: 'int', min: 0 },
  'index.mapping.nested_objects.limit': { kind: 'int', min: 0 },
  'index.refresh_interval': { kind: 'time' },
  'index.gc_deletes': { kind: 'time' },
  'index.translog.sync_interval': { kind: 'time' },
  'index.search.idle.after': { kind: 'time' },
  'index.unassigned.node_left.delayed_timeout': { kind: 'time' },
  'index.blocks.read_only': { kind: 'bool' },
  'index.blocks.read': { kind: 'bool' },
  'index.blocks.write': { kind: 'bool' },
  'index.blocks.metadata': { kind: 'bool' },
  'index.blocks.read_only_allow_delete': { kind: 'bool' },
  'index.blocks.replication': { kind: 'bool' },
  'index.hidden': { kind: 'bool' },
};

/** OpenSearch's `Setting.parseInt`: a 32-bit integer within the setting's bounds. */
function checkInt(key: string, raw: string, rule: IntRule): number {
  const n = /^[+-]?\d{1,10}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n > INT_MAX || n < -INT_MAX - 1) throw illegalArgument(`Failed to parse value [${raw}] for setting [${key}]`);
  if (n < rule.min) throw illegalArgument(`Failed to parse value [${raw}] for setting [${key}] must be >= ${rule.min}`);
  if (rule.max !== undefined && n > rule.max) throw illegalArgument(`Failed to parse value [${raw}] for setting [${key}] must be <= ${rule.max}`);
  return n;
}

function checkValue(key: string, raw: string, rule: Rule): void {
  if (rule.kind === 'int') checkInt(key, raw, rule);
  else if (rule.kind === 'time') parseTimeValue(raw, key);
  else if (raw !== 'true' && raw !== 'false') throw illegalArgument(`Failed to parse value [${raw}] as only [true] or [false] are allowed.`);
}

/** The checks OpenSearch's `IndexMetadata` builder makes between settings (routing shards, partition size). */
function checkRouting(settings: Record<string, unknown>): void {
  const shards = Number(settings['index.number_of_shards'] ?? 1);
  const explicit = settings['index.number_of_routing_shards'];
  const routing = explicit === undefined || explicit === null ? defaultRoutingNumShards(shards) : Number(explicit);
  if (routing < shards) {
    throw illegalArgument(`index.number_of_routing_shards [${routing}] must be >= index.number_of_shards [${shards}]`);
  }
  if (routing % shards !== 0) {
    throw illegalArgument(`the number of source shards [${shards}] must be a factor of [${routing}]`);
  }
  const partition = Number(settings['index.routing_partition_size'] ?? 1);
  if (partition !== 1 && partition >= routing) {
    throw illegalArgument(`routing partition size [${partition}] should be a positive number less than the number of routing shards [${routing}]`);
  }
}

/** Checks each value on its own (types and bounds); null values (removals) pass. */
export function validateSettingValues(settings: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(settings)) {
    const rule = RULES[key];
    if (!rule || value === null || value === undefined) continue;
    checkValue(key, Array.isArray(value) ? value.join(',') : String(value), rule);
  }
}

/**
 * Validates an index's complete flat `index.`-prefixed settings with the same rules wherever they are
 * written: index creation (body, templates, restore) and `_settings` updates check the resulting set,
 * and a restart checks what is stored. Throws OpenSearch's 400 `illegal_argument_exception` for the
 * first bad value.
 */
export function validateIndexSettings(settings: Record<string, unknown>): void {
  validateSettingValues(settings);
  checkRouting(settings);
}
