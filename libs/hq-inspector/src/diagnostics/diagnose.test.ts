import { clusterStatusRule, PROCESS_RULES, threadPoolRules } from './extra-rules';
import { evaluateRule, threshold } from './evaluate';
import { diagnoseNodes } from './diagnose';
import { HQ_RULES, type DiagnosticRule } from './hq-rules';

const ALL = Object.values(HQ_RULES).flat();
const rule = (label: string): DiagnosticRule => {
  const found = [...ALL, ...PROCESS_RULES].find((r) => r.label === label);
  if (!found) throw new Error(`no rule ${label}`);
  return found;
};
const GB = 1024 ** 3;

/** Builds a node-stats object from dotted keys. */
function node(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [path, v] of Object.entries(values)) {
    const parts = path.split('.');
    let cur = out;
    for (const p of parts.slice(0, -1)) cur = (cur[p] ??= {}) as Record<string, unknown>;
    cur[parts.at(-1) as string] = v;
  }
  return out;
}

describe('HQ diagnostics rules', () => {
  it('has HQ’s 24 rules in 5 groups', () => {
    expect(ALL).toHaveLength(24);
    expect(Object.keys(HQ_RULES)).toEqual(['cache_rules', 'fs_rules', 'action_rules', 'memory_rules', 'network_rules']);
  });

  it.each([
    ['Field Evictions', { 'indices.fielddata.evictions': 0 }, 0, 'PASS'],
    ['Field Evictions', { 'indices.fielddata.evictions': 1 }, 1, 'DANGER'],
    ['Query Cache Evictions', { 'indices.query_cache.evictions': 10, 'indices.search.query_total': 100 }, 0.1, 'PASS'],
    ['Query Cache Evictions', { 'indices.query_cache.evictions': 15, 'indices.search.query_total': 100 }, 0.15, 'WARN'],
    ['Query Cache Evictions', { 'indices.query_cache.evictions': 30, 'indices.search.query_total': 100 }, 0.3, 'DANGER'],
    ['Query Cache Evictions', { 'indices.query_cache.evictions': 3, 'indices.search.query_total': 0 }, 0, 'PASS'],
    ['Documents Deleted', { 'indices.docs.deleted': 5, 'indices.docs.count': 100 }, 0.05, 'PASS'],
    ['Documents Deleted', { 'indices.docs.deleted': 20, 'indices.docs.count': 100 }, 0.2, 'WARN'],
    ['Documents Deleted', { 'indices.docs.deleted': 30, 'indices.docs.count': 100 }, 0.3, 'DANGER'],
    ['Merge Rate', { 'indices.merges.total_size_in_bytes': 2e9, 'indices.merges.total_time_in_millis': 1000 }, 2000, null],
    ['Disk space used', { 'fs.total.total_in_bytes': 100, 'fs.total.free_in_bytes': 50 }, 0.5, 'PASS'],
    ['Disk space used', { 'fs.total.total_in_bytes': 100, 'fs.total.free_in_bytes': 10 }, 0.9, 'WARN'],
    ['Disk space used', { 'fs.total.total_in_bytes': 100, 'fs.total.free_in_bytes': 1 }, 0.99, 'DANGER'],
    ['Indexing - Index', { 'indices.indexing.index_time_in_millis': 100, 'indices.indexing.index_total': 10 }, 10, 'PASS'],
    ['Indexing - Index', { 'indices.indexing.index_time_in_millis': 500, 'indices.indexing.index_total': 10 }, 50, 'WARN'],
    ['Indexing - Index', { 'indices.indexing.index_time_in_millis': 510, 'indices.indexing.index_total': 10 }, 51, 'DANGER'],
    ['Indexing - Delete', { 'indices.indexing.delete_time_in_millis': 60, 'indices.indexing.delete_total': 10 }, 6, 'WARN'],
    ['Search - Query', { 'indices.search.query_time_in_millis': 1000, 'indices.search.query_total': 10 }, 100, 'WARN'],
    ['Search - Query', { 'indices.search.query_time_in_millis': 6000, 'indices.search.query_total': 10 }, 600, 'DANGER'],
    ['Search - Fetch', { 'indices.search.fetch_time_in_millis': 80, 'indices.search.fetch_total': 10 }, 8, 'PASS'],
    ['Search - Fetch', { 'indices.search.fetch_time_in_millis': 160, 'indices.search.fetch_total': 10 }, 16, 'DANGER'],
    ['Get - Total', { 'indices.get.time_in_millis': 70, 'indices.get.total': 10 }, 7, 'WARN'],
    ['Get - Exists', { 'indices.get.exists_time_in_millis': 110, 'indices.get.exists_total': 10 }, 11, 'DANGER'],
    ['Get - Missing', { 'indices.get.missing_time_in_millis': 30, 'indices.get.missing_total': 10 }, 3, 'WARN'],
    ['Refresh', { 'indices.refresh.total_time_in_millis': 150, 'indices.refresh.total': 10 }, 15, 'WARN'],
    ['Flush', { 'indices.flush.total_time_in_millis': 20000, 'indices.flush.total': 10 }, 2000, 'DANGER'],
    ['Total Memory', { 'os.mem.used_in_bytes': 3 * GB, 'os.mem.free_in_bytes': 1 * GB }, 4, null],
    ['Heap Size', { 'jvm.mem.heap_committed_in_bytes': 31 * GB }, 31, 'WARN'],
    ['Heap Size', { 'jvm.mem.heap_committed_in_bytes': 33 * GB }, 33, 'DANGER'],
    ['Heap % of RAM', { 'jvm.mem.heap_committed_in_bytes': 2 * GB, 'os.mem.used_in_bytes': 3 * GB, 'os.mem.free_in_bytes': 1 * GB }, 0.5, 'PASS'],
    ['Heap % of RAM', { 'jvm.mem.heap_committed_in_bytes': 2.8 * GB, 'os.mem.used_in_bytes': 3 * GB, 'os.mem.free_in_bytes': 1 * GB }, 0.7, 'WARN'],
    ['% Heap Used', { 'jvm.mem.heap_used_in_bytes': 1, 'jvm.mem.heap_committed_in_bytes': 4 }, 0.25, null],
    ['GC Young Generation Freq', { 'jvm.uptime_in_millis': 60000, 'jvm.gc.collectors.young.collection_count': 0 }, 0, 'PASS'],
    ['GC Young Generation Freq', { 'jvm.uptime_in_millis': 60000, 'jvm.gc.collectors.young.collection_count': 2 }, 30, 'PASS'],
    ['GC Young Generation Freq', { 'jvm.uptime_in_millis': 60000, 'jvm.gc.collectors.young.collection_count': 3 }, 20, 'WARN'],
    ['GC Young Generation Freq', { 'jvm.uptime_in_millis': 60000, 'jvm.gc.collectors.young.collection_count': 6 }, 10, 'DANGER'],
    ['GC Young Generation Duration', { 'jvm.gc.collectors.young.collection_time_in_millis': 3000, 'jvm.gc.collectors.young.collection_count': 10 }, 300, 'WARN'],
    ['GC Old Generation Freq', { 'jvm.uptime_in_millis': 10000, 'jvm.gc.collectors.old.collection_count': 1 }, 10, 'DANGER'],
    ['GC Old Generation Duration', { 'jvm.gc.collectors.old.collection_time_in_millis': 5000, 'jvm.gc.collectors.old.collection_count': 10 }, 500, 'DANGER'],
    ['Swap Space', { 'os.swap.used_in_bytes': 0 }, 0, 'PASS'],
    ['Swap Space', { 'os.swap.used_in_bytes': 1024 * 1024 }, 1, 'PASS'],
    ['Swap Space', { 'os.swap.used_in_bytes': 2 * 1024 * 1024 }, 2, 'DANGER'],
    ['HTTP Connection Rate', { 'http.total_opened': 100, 'jvm.uptime_in_millis': 10000 }, 10, 'WARN'],
    ['HTTP Connection Rate', { 'http.total_opened': 400, 'jvm.uptime_in_millis': 10000 }, 40, 'DANGER'],
    ['CPU - Process', { 'process.cpu.percent': 85 }, 0.85, 'WARN'],
    ['CPU - OS', { 'os.cpu.percent': 12 }, 0.12, 'PASS'],
    ['Open File Descriptors', { 'process.open_file_descriptors': 990, 'process.max_file_descriptors': 1000 }, 0.99, 'DANGER'],
  ])('%s on %j = %d → %s', (label, values, value, status) => {
    const result = evaluateRule(rule(label), node(values));
    expect(result?.rule_value).toBeCloseTo(value as number, 9);
    expect(result?.status).toBe(status);
  });

  it('substitutes values into formula_repl as HQ does', () => {
    const r = evaluateRule(rule('Disk space used'), node({ 'fs.total.total_in_bytes': 100, 'fs.total.free_in_bytes': 25 }));
    expect(r).toMatchObject({ rule_formula: '(fs.total.total_in_bytes - fs.total.free_in_bytes) / fs.total.total_in_bytes', formula_repl: '(100 - 25) / 100' });
  });

  it('drops a rule whose metric is missing, as HQ does', () => {
    expect(evaluateRule(rule('Get - Exists'), node({ 'indices.get.exists_total': 1 }))).toBeUndefined();
    expect(evaluateRule(rule('Field Evictions'), {})).toBeUndefined();
  });

  it.each([
    [5, [5, 10], undefined, 'PASS'],
    [5.1, [5, 10], undefined, 'WARN'],
    [10.1, [5, 10], undefined, 'DANGER'],
    [0, undefined, [30, 15, 0], 'PASS'],
    [0, undefined, [30, 15], 'DANGER'],
    [15, undefined, [30, 15], 'WARN'],
    [1, undefined, undefined, null],
  ])('threshold(%d, %j, %j) = %s', (value, upper, lower, expected) => {
    expect(threshold(value, upper, lower)).toBe(expected);
  });
});

describe('checks HQ lacks', () => {
  it('grades thread pool rejections per pool present', () => {
    const n = node({ 'thread_pool.search.rejected': 5, 'thread_pool.search.completed': 95, 'thread_pool.write.rejected': 0, 'thread_pool.write.completed': 10 });
    const rules = threadPoolRules(n).map((r) => evaluateRule(r, n));
    expect(rules.map((r) => [r?.rule_label, r?.rule_value, r?.status])).toEqual([
      ['Thread Pool Rejections - search', 0.05, 'DANGER'],
      ['Thread Pool Rejections - write', 0, 'PASS'],
    ]);
  });

  it.each([
    ['green', 'PASS'],
    ['yellow', 'WARN'],
    ['red', 'DANGER'],
    [undefined, 'DANGER'],
  ])('cluster status %s → %s', (status, expected) => {
    expect(clusterStatusRule(status).status).toBe(expected);
  });

  it('builds HQ’s per-node object with roles read version-aware', () => {
    const stats = {
      nodes: {
        a: { name: 'n1', host: '127.0.0.1', roles: ['cluster_manager', 'data_hot'], ...node({ 'indices.fielddata.evictions': 0 }) },
        b: { name: 'n2', host: '127.0.0.2', roles: ['ingest'] },
      },
    };
    const [a, b] = diagnoseNodes({ nodeStats: stats, clusterStatus: 'yellow' });
    expect(a).toMatchObject({ node_id: 'a', name: 'n1', host: '127.0.0.1', is_master_node: true, is_data_node: true });
    expect(a.cache_rules.map((r) => r.rule_label)).toEqual(['Field Evictions']);
    expect(a.cluster_rules[0].status).toBe('WARN');
    expect(b).toMatchObject({ is_master_node: false, is_data_node: false, cache_rules: [] });
  });
});
