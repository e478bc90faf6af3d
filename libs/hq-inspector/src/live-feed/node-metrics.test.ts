import { nodeMetrics, nodesMetrics } from './node-metrics';

describe('nodeMetrics: HQ’s feed keys from one node of _nodes/stats', () => {
  it.each([
    ['ES 2 os.cpu_percent', { os: { cpu_percent: 12 } }, 'os_cpu_percent', 12],
    ['ES 5+/OpenSearch os.cpu.percent (HQ #456)', { os: { cpu: { percent: 7 }, cpu_percent: 99 } }, 'os_cpu_percent', 7],
    ['ES 2 os.load_average', { os: { load_average: 1.5 } }, 'os_load_average', 1.5],
    ['os.cpu.load_average.1m', { os: { cpu: { load_average: { '1m': 0.25 } } } }, 'os_load_average', 0.25],
    ['ES 2 thread_pool.bulk', { thread_pool: { bulk: { completed: 3 }, write: { completed: 9 } } }, 'tp_bulk_completed', 3],
    ['thread_pool.write for bulk', { thread_pool: { write: { completed: 9 } } }, 'tp_bulk_completed', 9],
    ['process fds', { process: { open_file_descriptors: 321 } }, 'process_open_file_descriptors', 321],
    ['a missing stat', {}, 'jvm_threads_count', null],
  ])('%s', (_case, node, key, value) => {
    expect(nodeMetrics('n1', node)[key]).toBe(value);
  });

  it('fs from the first data path, a missing one counted as 0 (as HQ)', () => {
    expect(nodeMetrics('n1', { fs: { data: [{ total_in_bytes: 100, available_in_bytes: 40 }, { total_in_bytes: 1, available_in_bytes: 1 }] } })).toMatchObject({ fs_used_in_bytes: 60, fs_free_in_bytes: 40 });
    expect(nodeMetrics('n1', {})).toMatchObject({ fs_used_in_bytes: 0, fs_free_in_bytes: 0 });
  });

  it('every node, with its id', () => {
    expect(nodesMetrics({ nodes: { a: { name: 'x' }, b: { name: 'y' } } }).map((n) => [n.node_id, n.name])).toEqual([['a', 'x'], ['b', 'y']]);
    expect(nodesMetrics({})).toEqual([]);
  });
});
