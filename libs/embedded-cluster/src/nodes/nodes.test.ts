import { VERSION } from '../cluster/version';
import { type ClusterFixture, startFixture } from '../test/cluster-fixture';

describe('_nodes info and stats through the official client', () => {
  let f: ClusterFixture;
  let nodeId: string;
  beforeAll(async () => {
    f = await startFixture({ name: 'statnode' });
    await f.client.bulk({ body: [{ index: { _index: 'metrics', _id: '1' } }, { v: 1 }, { index: { _index: 'metrics', _id: '2' } }, { v: 2 }], refresh: 'true' });
    nodeId = Object.keys((await f.client.nodes.info()).body.nodes)[0];
  });
  afterAll(() => f.close());

  it('reports the sections ElasticHQ diagnostics read, from real figures', async () => {
    const { body } = await f.client.nodes.stats({ metric: 'fs,jvm,os,process,indices,http' } as any);
    expect(body._nodes).toEqual({ total: 1, successful: 1, failed: 0 });
    expect(body.cluster_name).toBe('statnode');
    const n = body.nodes[nodeId] as any;
    expect(Object.keys(n).sort()).toEqual(['attributes', 'fs', 'host', 'http', 'indices', 'ip', 'jvm', 'name', 'os', 'process', 'roles', 'timestamp', 'transport_address']);
    expect(n.fs.total.total_in_bytes).toBeGreaterThan(n.fs.total.free_in_bytes);
    expect(n.fs.data[0].path).toBe(f.dataDir);
    expect(n.jvm.mem.heap_used_in_bytes).toBeGreaterThan(0);
    expect(n.jvm.mem.heap_max_in_bytes).toBeGreaterThan(n.jvm.mem.heap_used_in_bytes);
    expect(n.jvm.mem.heap_committed_in_bytes).toBeGreaterThanOrEqual(n.jvm.mem.heap_used_in_bytes);
    expect(n.jvm.uptime_in_millis).toBeGreaterThan(0);
    expect(n.jvm.gc.collectors.young.collection_count).toBeGreaterThanOrEqual(0);
    expect(n.os.mem.used_in_bytes + n.os.mem.free_in_bytes).toBe(n.os.mem.total_in_bytes);
    expect(n.os.cpu.load_average['1m']).toBeGreaterThanOrEqual(0);
    expect(n.process.open_file_descriptors).toBeGreaterThan(3);
    expect(n.process.max_file_descriptors).not.toBe(0);
    expect(n.process.cpu.total_in_millis).toBeGreaterThan(0);
    expect(n.indices.docs).toEqual({ count: 2, deleted: 0 });
    expect(n.indices.indexing.index_total).toBe(2);
    expect(n.http.total_opened).toBeGreaterThanOrEqual(1);
    expect(n.http.current_open).toBeGreaterThanOrEqual(1);
  });

  it('counts real V8 garbage collections as jvm gc collectors', async () => {
    let young = 0;
    for (let i = 0; i < 50 && young === 0; i++) {
      // Churn short-lived objects so V8 scavenges; GC entries arrive asynchronously.
      let keep = 0;
      for (let j = 0; j < 200_000; j++) keep += [j, { j }].length;
      expect(keep).toBeGreaterThan(0);
      await new Promise((r) => setTimeout(r, 20));
      const { body } = await f.client.nodes.stats({ metric: 'jvm' } as any);
      young = (body.nodes[nodeId] as any).jvm.gc.collectors.young.collection_count;
    }
    expect(young).toBeGreaterThan(0);
  });

  it('reports thread pools with rejected counts and circuit breakers', async () => {
    const { body } = await f.client.nodes.stats({ metric: 'thread_pool,breaker' } as any);
    const n = body.nodes[nodeId] as any;
    expect(n.thread_pool.write).toEqual({ threads: 1, queue: 0, active: 0, rejected: 0, largest: 1, completed: 2, total_wait_time_in_nanos: 0 });
    expect(n.breakers.parent.limit_size_in_bytes).toBeGreaterThan(0);
    expect(n.breakers.request).toMatchObject({ estimated_size_in_bytes: 0, tripped: 0 });
    expect(n.indices).toBeUndefined();
  });

  it.each([['_local'], ['_all'], ['statnode'], ['stat*'], ['ID']])('selects the node with filter %s', async (filter) => {
    const id = filter === 'ID' ? nodeId : filter;
    const stats = await f.client.nodes.stats({ node_id: id, metric: 'indices', index_metric: 'docs' } as any);
    expect((stats.body.nodes[nodeId] as any).indices).toEqual({ docs: { count: 2, deleted: 0 } });
    const info = await f.client.nodes.info({ node_id: id, metric: 'os' } as any);
    expect((info.body.nodes[nodeId] as any).os.available_processors).toBeGreaterThan(0);
  });

  it('answers an unmatched node filter with no nodes, and an unknown metric with 400', async () => {
    const none = await f.client.nodes.stats({ node_id: 'other' } as any);
    expect(none.body).toEqual({ _nodes: { total: 0, successful: 0, failed: 0 }, cluster_name: 'statnode', nodes: {} });
    const bad = await f.raw('GET', '/_nodes/stats/bogus');
    expect(bad.status).toBe(400);
    expect(bad.json.error.type).toBe('illegal_argument_exception');
  });

  it('returns node info with the fields the spec requires', async () => {
    const { body } = await f.client.nodes.info();
    const n = body.nodes[nodeId] as any;
    expect(n).toMatchObject({ name: 'statnode', version: VERSION.number, build_type: 'tar', roles: ['cluster_manager', 'data', 'ingest', 'remote_cluster_client'] });
    expect(n.jvm.mem.heap_max_in_bytes).toBeGreaterThan(0);
    expect(n.thread_pool.write).toEqual({ type: 'fixed', size: 1, queue_size: 10000 });
    expect(n.http).toMatchObject({ bound_address: [expect.any(String)], max_content_length_in_bytes: 104857600 });
    const jvmOnly = await f.raw('GET', '/_nodes/jvm');
    expect(Object.keys(jvmOnly.json.nodes[nodeId])).toContain('jvm');
    expect(Object.keys(jvmOnly.json.nodes[nodeId])).not.toContain('os');
  });
});
