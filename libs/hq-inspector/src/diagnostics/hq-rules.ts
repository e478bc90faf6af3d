/**
 * One diagnostics rule, as HQ declares them (`HQ:elastichq/service/DiagnosticsRules.py`).
 * `keys` are the `@@`-separated `formula_keys`, looked up on one node of `_nodes/stats`.
 */
export interface DiagnosticRule {
  label: string;
  comment?: string;
  unit?: string;
  format?: string;
  /** Arithmetic over the keys; absent means the value is the single key. */
  formula?: string;
  keys: readonly string[];
  /** `[warn, danger]`: `v <= warn` PASS, `v <= danger` WARN, else DANGER. */
  upper_limit?: readonly number[];
  /** `[warn, danger]` or `[warn, danger, 0]` (0 passes): `v >= warn` PASS, `v >= danger` WARN, else DANGER. */
  lower_limit?: readonly number[];
}

/** The rule groups of HQ's diagnostics summary, in HQ's order. */
export type HqRuleGroup = 'cache_rules' | 'fs_rules' | 'action_rules' | 'memory_rules' | 'network_rules';

const slowIo = 'High values indicate slow I/O.';
const gcFreq = 'Too frequent GC indicates memory pressure and need for more heap space.';
const gcTime = 'Long durations may indicate that swapping is slowing down GC, or need for more heap space.';

function ratio(label: string, num: string, den: string, upper: readonly number[], comment?: string): DiagnosticRule {
  return { label, comment, unit: 'ms', format: '0,0.00', formula: `${num} / ${den}`, keys: [num, den], upper_limit: upper };
}

/** HQ's 24 rules with its labels, comments, formulas, units, formats and limits. */
export const HQ_RULES: Readonly<Record<HqRuleGroup, readonly DiagnosticRule[]>> = {
  cache_rules: [
    {
      label: 'Field Evictions',
      comment: 'Field values should not be evicted - insufficient RAM for current queries.',
      format: '0,0.0',
      keys: ['indices.fielddata.evictions'],
      upper_limit: [0, 0],
    },
    {
      label: 'Query Cache Evictions',
      unit: 'per query',
      format: '0,0.0',
      formula: 'indices.query_cache.evictions / indices.search.query_total',
      keys: ['indices.query_cache.evictions', 'indices.search.query_total'],
      upper_limit: [0.1, 0.2],
    },
  ],
  fs_rules: [
    {
      label: 'Documents Deleted',
      comment: 'High values indicate insufficient merging.<br/>Slow I/O?',
      format: '0.000%',
      formula: 'indices.docs.deleted / indices.docs.count',
      keys: ['indices.docs.deleted', 'indices.docs.count'],
      upper_limit: [0.1, 0.25],
    },
    {
      label: 'Merge Rate',
      unit: 'MB/s',
      comment: 'Low rates indicate throttling or slow I/O',
      format: '0,0.0',
      formula: 'indices.merges.total_size_in_bytes / indices.merges.total_time_in_millis / 1000',
      keys: ['indices.merges.total_size_in_bytes', 'indices.merges.total_time_in_millis'],
    },
    {
      label: 'Disk space used',
      format: '0.000%',
      formula: '(fs.total.total_in_bytes - fs.total.free_in_bytes) / fs.total.total_in_bytes',
      keys: ['fs.total.free_in_bytes', 'fs.total.total_in_bytes', 'fs.total.total_in_bytes'],
      upper_limit: [0.8, 0.95],
    },
  ],
  action_rules: [
    ratio('Indexing - Index', 'indices.indexing.index_time_in_millis', 'indices.indexing.index_total', [10, 50], 'High values indicate complex documents or slow I/O or CPU.'),
    ratio('Indexing - Delete', 'indices.indexing.delete_time_in_millis', 'indices.indexing.delete_total', [5, 10], slowIo),
    ratio(
      'Search - Query',
      'indices.search.query_time_in_millis',
      'indices.search.query_total',
      [50, 500],
      'High values indicate complex or inefficient queries, insufficient use of filters, insufficient RAM for caching, slow I/O or CPU.',
    ),
    ratio(
      'Search - Fetch',
      'indices.search.fetch_time_in_millis',
      'indices.search.fetch_total',
      [8, 15],
      'High values indicate slow I/O, large docs, or fetching too many docs, eg deep paging.',
    ),
    ratio('Get - Total', 'indices.get.time_in_millis', 'indices.get.total', [5, 10], slowIo),
    ratio('Get - Exists', 'indices.get.exists_time_in_millis', 'indices.get.exists_total', [5, 10], '???'),
    ratio('Get - Missing', 'indices.get.missing_time_in_millis', 'indices.get.missing_total', [2, 5], '???'),
    ratio('Refresh', 'indices.refresh.total_time_in_millis', 'indices.refresh.total', [10, 20], slowIo),
    ratio('Flush', 'indices.flush.total_time_in_millis', 'indices.flush.total', [750, 1500], slowIo),
  ],
  memory_rules: [
    {
      label: 'Total Memory',
      unit: '0.00b',
      format: '0,0.0',
      formula: '( os.mem.used_in_bytes + os.mem.free_in_bytes ) / 1024 / 1024 / 1024',
      keys: ['os.mem.used_in_bytes', 'os.mem.free_in_bytes'],
    },
    {
      label: 'Heap Size',
      unit: '0.00b',
      comment: 'A heap size over 32GB causes the JVM to use uncompressed pointers and can slow GC.',
      format: '0,0.0',
      formula: 'jvm.mem.heap_committed_in_bytes / 1024 / 1024 / 1024',
      keys: ['jvm.mem.heap_committed_in_bytes'],
      upper_limit: [30, 32],
    },
    {
      label: 'Heap % of RAM',
      comment: 'Approx 40-50% of RAM should be available to the kernel for file caching.',
      format: '0.000%',
      formula: 'jvm.mem.heap_committed_in_bytes / (os.mem.used_in_bytes + os.mem.free_in_bytes)',
      keys: ['jvm.mem.heap_committed_in_bytes', 'os.mem.used_in_bytes', 'os.mem.free_in_bytes'],
      upper_limit: [0.6, 0.75],
    },
    {
      label: '% Heap Used',
      format: '0.000%',
      formula: 'jvm.mem.heap_used_in_bytes / jvm.mem.heap_committed_in_bytes',
      keys: ['jvm.mem.heap_used_in_bytes', 'jvm.mem.heap_committed_in_bytes'],
    },
    gcFrequency('Young'),
    gcDuration('Young'),
    gcFrequency('Old'),
    gcDuration('Old'),
    {
      label: 'Swap Space',
      formula: 'os.swap.used_in_bytes / 1024 / 1024',
      keys: ['os.swap.used_in_bytes'],
      format: '0.00b',
      upper_limit: [1, 1],
      comment: 'Any use of swap by the JVM, no matter how small, can greatly impact the speed of the garbage collector.',
    },
  ],
  network_rules: [
    {
      label: 'HTTP Connection Rate',
      unit: '/second',
      comment: 'Too many HTTP connections per second may exhaust the number of sockets available in the kernel, and cause a service outage.',
      format: '0,0.0',
      upper_limit: [5, 30],
      formula: 'http.total_opened / jvm.uptime_in_millis * 1000',
      keys: ['http.total_opened', 'jvm.uptime_in_millis'],
    },
  ],
};

function gcFrequency(gen: 'Young' | 'Old'): DiagnosticRule {
  const count = `jvm.gc.collectors.${gen.toLowerCase()}.collection_count`;
  return {
    label: `GC ${gen} Generation Freq`,
    unit: 's',
    comment: gcFreq,
    format: '0,0.0',
    formula: `jvm.uptime_in_millis / ${count} / 1000`,
    keys: ['jvm.uptime_in_millis', count],
    lower_limit: [30, 15, 0],
  };
}

function gcDuration(gen: 'Young' | 'Old'): DiagnosticRule {
  const prefix = `jvm.gc.collectors.${gen.toLowerCase()}`;
  return {
    label: `GC ${gen} Generation Duration`,
    comment: gcTime,
    unit: 'ms',
    format: '0,0.00',
    formula: `${prefix}.collection_time_in_millis / ${prefix}.collection_count`,
    keys: [`${prefix}.collection_time_in_millis`, `${prefix}.collection_count`],
    upper_limit: [150, 400],
  };
}
