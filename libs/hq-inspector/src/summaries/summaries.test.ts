import { clusterSummary } from './cluster-summary';
import { closedIndices, deletedIndices, flattenAliases, indexSummary } from './index-summary';
import { nodeSummary } from './node-summary';

describe('node summary', () => {
  const row = { id: 'abc', m: '*', n: 'node-1', u: '3h', role: 'dimr', hc: '100mb', hm: '1gb', hp: '10', ip: '127.0.0.1', 'disk.avail': '40gb', l: '0.15' };

  it('maps cat columns to HQ field names', () => {
    expect(nodeSummary([row], 'opensearch')).toEqual([
      {
        node_id: 'abc',
        name: 'node-1',
        fsFree: '40gb',
        heapPercent: '10',
        heapMax: '1gb',
        heapCurrent: '100mb',
        host: '127.0.0.1',
        load: '0.15',
        uptime: '3h',
        is_master_node: true,
        is_electable_master: false,
        is_data_node: true,
        is_ingest_node: true,
      },
    ]);
  });

  it.each([
    ['m', 'hw', 'elasticsearch', false, true, true],
    ['-', 'il', 'elasticsearch', false, false, false],
    ['*', 'mr', 'opensearch', true, false, false],
  ] as const)('m=%s role=%s on %s → master %s, electable %s, data %s', (m, role, dist, master, electable, data) => {
    const [s] = nodeSummary([{ ...row, m, role }], dist);
    expect([s.is_master_node, s.is_electable_master, s.is_data_node]).toEqual([master, electable, data]);
  });
});

describe('index summary', () => {
  const stats = {
    indices: {
      cars: { primaries: { docs: { count: 155, deleted: 0 }, store: { size_in_bytes: 1000 } }, total: { fielddata: { memory_size_in_bytes: 0 } } },
      '.hidden': { primaries: { docs: { count: 1, deleted: 0 } } },
      alpha: { primaries: { docs: { count: 1 } } },
    },
  };
  const state = { metadata: { indices: { cars: { state: 'open', settings: { index: { number_of_shards: '5', number_of_replicas: '1' } } } } } };
  const cat = [{ index: 'cars', health: 'yellow' }];

  it('computes HQ’s fields, sorted by name, with a null health for a missing cat row', () => {
    const out = indexSummary({ stats, state, cat });
    expect(out.map((i) => i.index_name)).toEqual(['.hidden', 'alpha', 'cars']);
    expect(out[2]).toEqual({
      index_name: 'cars',
      health: 'yellow',
      docs: 155,
      docs_deleted: 0,
      size_in_bytes: 1000,
      fielddata: { memory_size_in_bytes: 0 },
      settings: { number_of_shards: 5, number_of_replicas: 1 },
      state: 'open',
    });
    expect(out[1].health).toBeNull();
  });

  it('hides dot indices when asked', () => {
    expect(indexSummary({ stats, state, cat, showDotIndices: false }).map((i) => i.index_name)).toEqual(['alpha', 'cars']);
  });

  it('flattens aliases, filters closed indices and reads tombstones', () => {
    expect(flattenAliases({ cars: { aliases: { alias1: {}, alias2: { filter: {} } } }, other: { aliases: {} } })).toEqual([
      { index_name: 'cars', alias: 'alias1' },
      { index_name: 'cars', alias: 'alias2' },
    ]);
    expect(closedIndices([{ index: 'a', status: 'open' }, { index: 'b', status: 'close' }])).toEqual([{ index: 'b', status: 'close' }]);
    const tomb = { metadata: { 'index-graveyard': { tombstones: [{ index: { index_name: 'x', index_uuid: 'u' }, delete_date_in_millis: 5 }] } } };
    expect(deletedIndices(tomb)).toEqual([{ index: { index_name: 'x', index_uuid: 'u' }, deleted: 5 }]);
    expect(deletedIndices({})).toEqual([]);
  });
});

describe('cluster summary', () => {
  it('adds HQ’s fields to the health object', () => {
    const out = clusterSummary({
      health: { cluster_name: 'c', status: 'green' },
      stats: { indices: { count: 2, docs: { count: 10 }, store: { size_in_bytes: 99 } } },
      version: '2.11.0',
      nodes: [],
    });
    expect(out).toEqual({ cluster_name: 'c', status: 'green', version: '2.11.0', indices_size_in_bytes: 99, indices_count: 2, number_of_documents: 10, nodes: [] });
  });
});
