import { type ClusterFixture, startFixture } from '../test/cluster-fixture';

describe('_cluster state, stats, settings and pending tasks through the official client', () => {
  let f: ClusterFixture;
  beforeAll(async () => {
    f = await startFixture({ name: 'admin' });
    await f.client.indices.create({
      index: 'orders',
      body: { settings: { number_of_shards: 2, number_of_replicas: 0, 'blocks.write': true }, mappings: { properties: { sku: { type: 'keyword' }, qty: { type: 'long' } } }, aliases: { sales: {} } },
    });
    await f.client.indices.create({ index: 'events', body: { settings: { number_of_shards: 1, number_of_replicas: 1 } } });
    await f.client.bulk({ body: [{ index: { _index: 'events', _id: 'a' } }, { kind: 'x' }, { index: { _index: 'events', _id: 'b' } }, { kind: 'y' }], refresh: 'true' });
  });
  afterAll(() => f.close());

  it('returns the whole state: metadata, routing table, routing nodes, blocks, nodes, version', async () => {
    const { body } = await f.client.cluster.state();
    const nodeId = body.cluster_manager_node;
    expect(body).toMatchObject({ cluster_name: 'admin', master_node: nodeId });
    expect(body.version).toBeGreaterThanOrEqual(1);
    expect(body.nodes[nodeId].name).toBe('admin');
    expect(body.metadata.indices.orders).toMatchObject({
      state: 'open', aliases: ['sales'], routing_num_shards: 1024, primary_terms: { 0: 1, 1: 1 },
      mappings: { _doc: { properties: { sku: { type: 'keyword' }, qty: { type: 'long' } } } },
    });
    expect(body.metadata.indices.orders.settings.index.number_of_shards).toBe('2');
    expect(body.blocks).toEqual({ indices: { orders: { 8: { description: 'index write (api)', retryable: false, levels: ['write'] } } } });
    expect(body.routing_table.indices.events.shards['0'].map((s: any) => s.state)).toEqual(['STARTED', 'UNASSIGNED']);
    expect(body.routing_nodes.nodes[nodeId]).toHaveLength(3);
    expect(body.routing_nodes.unassigned).toHaveLength(1);
  });

  it('filters by metric and by index, and bumps the version when metadata changes', async () => {
    const before = await f.client.cluster.state({ metric: ['metadata', 'version'], index: ['events'] });
    expect(Object.keys(before.body).sort()).toEqual(['cluster_name', 'cluster_uuid', 'metadata', 'state_uuid', 'version']);
    expect(Object.keys(before.body.metadata.indices)).toEqual(['events']);
    await f.client.indices.create({ index: 'extra' });
    const after = await f.client.cluster.state({ metric: ['version'] });
    expect(after.body.version).toBeGreaterThan(before.body.version);
    const flat = await f.client.cluster.state({ metric: ['metadata'], index: ['orders'], flat_settings: true });
    expect(flat.body.metadata.indices.orders.settings['index.blocks.write']).toBe('true');
    const bad = await f.raw('GET', '/_cluster/state/bogus');
    expect(bad.status).toBe(400);
    expect(bad.json.error.type).toBe('illegal_argument_exception');
  });

  it('reports cluster stats with real doc counts, shard figures and field types', async () => {
    const body = (await f.client.cluster.stats()).body as any;
    expect(body).toMatchObject({ cluster_name: 'admin', status: 'yellow', _nodes: { total: 1, successful: 1, failed: 0 } });
    expect(body.indices.count).toBe(3);
    expect(body.indices.docs).toEqual({ count: 2, deleted: 0 });
    expect(body.indices.shards).toMatchObject({ total: 4, primaries: 4 });
    expect(body.indices.mappings.field_types).toEqual(
      expect.arrayContaining([{ name: 'keyword', count: 2, index_count: 2 }, { name: 'long', count: 1, index_count: 1 }]),
    );
    expect(body.nodes.count).toMatchObject({ total: 1, data: 1, master: 1 });
    expect(body.nodes.jvm.mem.heap_max_in_bytes).toBeGreaterThan(body.nodes.jvm.mem.heap_used_in_bytes);
    expect(body.nodes.fs.total_in_bytes).toBeGreaterThan(0);
  });

  it('puts, reads, flattens, resets and persists cluster settings', async () => {
    const put = await f.client.cluster.putSettings({
      body: { persistent: { cluster: { routing: { allocation: { enable: 'primaries' } } } }, transient: { 'indices.recovery.max_bytes_per_sec': '50mb' } },
    });
    expect(put.body).toEqual({
      acknowledged: true,
      persistent: { cluster: { routing: { allocation: { enable: 'primaries' } } } },
      transient: { indices: { recovery: { max_bytes_per_sec: '50mb' } } },
    });
    const flat = await f.client.cluster.getSettings({ flat_settings: true });
    expect(flat.body).toEqual({ persistent: { 'cluster.routing.allocation.enable': 'primaries' }, transient: { 'indices.recovery.max_bytes_per_sec': '50mb' } });
    await f.client.cluster.putSettings({ body: { transient: { 'indices.recovery.max_bytes_per_sec': null } } });
    expect((await f.client.cluster.getSettings()).body.transient).toEqual({});
    const unknown = await f.raw('PUT', '/_cluster/settings', { persistent: { 'no.such.setting': 1 } });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error).toMatchObject({ type: 'illegal_argument_exception', reason: 'persistent setting [no.such.setting], not recognized' });
    const empty = await f.raw('PUT', '/_cluster/settings', {});
    expect(empty.json.error.type).toBe('action_request_validation_exception');
    expect((await f.client.cluster.pendingTasks()).body).toEqual({ tasks: [] });
  });

  it('keeps persistent settings across a restart, drops transient ones', async () => {
    await f.client.cluster.putSettings({ body: { persistent: { 'action.auto_create_index': 'false' }, transient: { 'search.default_search_timeout': '5s' } } });
    const dataDir = f.dataDir;
    await f.client.close();
    await f.cluster.close();
    const again = await startFixture({ name: 'admin', dataDir });
    try {
      const { body } = await again.client.cluster.getSettings({ flat_settings: true });
      expect(body.persistent).toEqual({ 'cluster.routing.allocation.enable': 'primaries', 'action.auto_create_index': 'false' });
      expect(body.transient).toEqual({});
    } finally {
      await again.close();
    }
    f = await startFixture({ name: 'admin' });
  });
});

describe('_cluster/allocation/explain on one node', () => {
  let f: ClusterFixture;
  beforeAll(async () => {
    f = await startFixture({ name: 'alloc' });
    await f.client.indices.create({ index: 'orders', body: { settings: { number_of_shards: 2, number_of_replicas: 0 } } });
    await f.client.indices.create({ index: 'events', body: { settings: { number_of_shards: 1, number_of_replicas: 1 } } });
  });
  afterAll(() => f.close());

  it('explains the first unassigned replica: same_shard refuses a second copy on the one node', async () => {
    const r = await f.raw('GET', '/_cluster/allocation/explain');
    expect(r.json).toMatchObject({ index: 'events', shard: 0, primary: false, current_state: 'unassigned', can_allocate: 'no', unassigned_info: { reason: 'INDEX_CREATED' } });
    expect(r.json.node_allocation_decisions[0].deciders[0]).toMatchObject({ decider: 'same_shard', decision: 'NO' });
  });

  it('explains a started primary, with disk figures on request', async () => {
    const r = await f.raw('POST', '/_cluster/allocation/explain?include_disk_info=true', { index: 'orders', shard: 1, primary: true });
    expect(r.json).toMatchObject({ index: 'orders', shard: 1, primary: true, current_state: 'started', can_remain_on_current_node: 'yes' });
    const [usage] = Object.values(r.json.cluster_info.nodes) as { most_available: { total_bytes: number } }[];
    expect(usage.most_available.total_bytes).toBeGreaterThan(0);
    expect(r.json.cluster_info.shard_sizes).toHaveProperty(['[orders][1][p]_bytes']);
  });

  it.each([
    [{ index: 'orders', shard: 0, primary: false }, 400], // no replicas to explain
    [{ index: 'orders', shard: 9, primary: true }, 404],
    [{ index: 'nope', shard: 0, primary: true }, 404],
    [{ index: 'orders' }, 400],
  ])('refuses %j with %i', async (body, status) => {
    expect((await f.raw('POST', '/_cluster/allocation/explain', body)).status).toBe(status);
  });
});
