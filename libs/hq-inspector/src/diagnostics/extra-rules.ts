import type { DiagnosticRule } from './hq-rules';
import type { RuleResult } from './evaluate';

/**
 * Checks HQ lacks although it fetches `process` (reference §2): CPU, open file descriptors, thread pool
 * rejections and cluster status. Same shape as HQ's rules so the UI renders them unchanged.
 */
export const PROCESS_RULES: readonly DiagnosticRule[] = [
  {
    label: 'CPU - Process',
    comment: 'Sustained high CPU slows indexing and search; look at hot threads, heavy queries or merges.',
    format: '0.000%',
    formula: 'process.cpu.percent / 100',
    keys: ['process.cpu.percent'],
    upper_limit: [0.8, 0.95],
  },
  {
    label: 'CPU - OS',
    comment: 'The whole machine is busy; other processes may be competing with the node.',
    format: '0.000%',
    formula: 'os.cpu.percent / 100',
    keys: ['os.cpu.percent'],
    upper_limit: [0.8, 0.95],
  },
  {
    label: 'Open File Descriptors',
    comment: 'Running out of file descriptors fails shard and socket opens; raise the limit or reduce shards.',
    format: '0.000%',
    formula: 'process.open_file_descriptors / process.max_file_descriptors',
    keys: ['process.open_file_descriptors', 'process.max_file_descriptors'],
    upper_limit: [0.8, 0.95],
  },
];

// Write pools across versions: ES 6 `bulk`/`index`, ES 7+/OpenSearch `write`.
const WATCHED_POOLS = ['search', 'write', 'bulk', 'index', 'get'];

/**
 * One rule per watched thread pool present on the node: rejected / (completed + rejected), counters since
 * start. Any sustained rejection means clients got 429s.
 */
export function threadPoolRules(node: unknown): DiagnosticRule[] {
  const pools = (node as { thread_pool?: Record<string, unknown> } | undefined)?.thread_pool ?? {};
  return WATCHED_POOLS.filter((p) => pools[p] !== undefined).map((pool) => {
    const rejected = `thread_pool.${pool}.rejected`;
    const completed = `thread_pool.${pool}.completed`;
    return {
      label: `Thread Pool Rejections - ${pool}`,
      comment: 'Rejected requests were answered 429; the pool queue is too small for the load or the node is overloaded.',
      format: '0.000%',
      formula: `${rejected} / (${completed} + ${rejected})`,
      keys: [rejected, completed, rejected],
      upper_limit: [0.001, 0.01],
    };
  });
}

const HEALTH_STATUS: Record<string, RuleResult['status']> = { green: 'PASS', yellow: 'WARN', red: 'DANGER' };

/** The cluster status as a rule: green PASS, yellow WARN (unassigned replicas), red DANGER (missing primaries). */
export function clusterStatusRule(status: string | undefined): RuleResult {
  return {
    rule_label: 'Cluster Status',
    rule_comment: 'Yellow: some replicas are unassigned. Red: some primary shards are unassigned and their data is unavailable.',
    rule_formula: '_cluster/health status',
    formula_repl: status ?? 'unknown',
    rule_value: status ?? 'unknown',
    status: status ? (HEALTH_STATUS[status] ?? 'DANGER') : 'DANGER',
    format: null,
    unit: null,
    upper_limit: null,
    lower_limit: null,
  };
}
