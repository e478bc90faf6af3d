import { type ClusterFixture, startFixture } from '../test/cluster-fixture';

const BOGUS_REFRESH = 'failed to parse setting [index.refresh_interval] with value [bogus] as a time value: unit is missing or unrecognized';

describe('index settings: one validator at creation and on update', () => {
  let f: ClusterFixture;
  beforeAll(async () => {
    f = await startFixture();
    await f.raw('PUT', '/live', { settings: { number_of_replicas: 0 } });
  });
  afterAll(() => f.close());

  // Flat, dotted and nested forms all reach the same rule.
  it.each([
    [{ settings: { refresh_interval: 'bogus' } }],
    [{ settings: { 'index.refresh_interval': 'bogus' } }],
    [{ settings: { index: { refresh_interval: 'bogus' } } }],
  ])('PUT /<index> %j is refused with OpenSearch\'s error and creates nothing', async (body) => {
    const r = await f.raw('PUT', '/crashy', body);
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toBe('application/json; charset=UTF-8');
    expect(r.json).toEqual({
      error: { root_cause: [{ type: 'illegal_argument_exception', reason: BOGUS_REFRESH }], type: 'illegal_argument_exception', reason: BOGUS_REFRESH },
      status: 400,
    });
    expect((await f.raw('HEAD', '/crashy')).status).toBe(404);
  });

  it('refuses the same value on _settings with the same message', async () => {
    const r = await f.raw('PUT', '/live/_settings', { index: { refresh_interval: 'bogus' } });
    expect(r.status).toBe(400);
    expect(r.json.error.reason).toBe(BOGUS_REFRESH);
  });

  it.each([
    ['number_of_shards', 1000000000, 'Failed to parse value [1000000000] for setting [index.number_of_shards] must be <= 1024'],
    ['number_of_shards', 0, 'Failed to parse value [0] for setting [index.number_of_shards] must be >= 1'],
    ['number_of_shards', 'x', 'Failed to parse value [x] for setting [index.number_of_shards]'],
    ['number_of_shards', 99999999999, 'Failed to parse value [99999999999] for setting [index.number_of_shards]'],
    ['number_of_replicas', -1, 'Failed to parse value [-1] for setting [index.number_of_replicas] must be >= 0'],
    ['gc_deletes', 'soon', 'failed to parse setting [index.gc_deletes] with value [soon] as a time value: unit is missing or unrecognized'],
    ['blocks.write', 'yes', 'Failed to parse value [yes] as only [true] or [false] are allowed.'],
    ['mapping.depth.limit', 0, 'Failed to parse value [0] for setting [index.mapping.depth.limit] must be >= 1'],
    ['max_result_window', 'many', 'Failed to parse value [many] for setting [index.max_result_window]'],
  ])('creation refuses %s = %j: %s', async (key, value, reason) => {
    const r = await f.raw('PUT', '/limits', { settings: { [key]: value } });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ type: 'illegal_argument_exception', reason });
    expect((await f.raw('HEAD', '/limits')).status).toBe(404);
  });

  it('answers a shard count of a billion at once, without allocating it', async () => {
    const before = process.memoryUsage().heapUsed;
    const r = await f.raw('PUT', '/huge', { settings: { number_of_shards: 1000000000 } });
    expect(r.status).toBe(400);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(100 * 1024 * 1024);
    expect((await f.raw('GET', '/_cluster/health')).status).toBe(200);
  });

  it('bounds replicas by the cluster shard limit, on creation and on update', async () => {
    const created = await f.raw('PUT', '/replicas', { settings: { number_of_replicas: 1000000000 } });
    expect(created.status).toBe(400);
    expect(created.json.error.type).toBe('validation_exception');
    expect(created.json.error.reason).toBe(
      'Validation Failed: 1: this action would add [1000000001] total shards, but this cluster currently has [1]/[1000] maximum shards open;',
    );
    const updated = await f.raw('PUT', '/live/_settings', { number_of_replicas: 5000 });
    expect(updated.json.error.reason).toBe('Validation Failed: 1: this action would add [5000] total shards, but this cluster currently has [1]/[1000] maximum shards open;');
    expect((await f.raw('GET', '/live/_settings/index.number_of_replicas?flat_settings=true')).json.live.settings).toEqual({ 'index.number_of_replicas': '0' });
  });

  it('checks routing shards against the shard count', async () => {
    const r = await f.raw('PUT', '/routed', { settings: { number_of_shards: 4, number_of_routing_shards: 2 } });
    expect(r.json.error.reason).toBe('index.number_of_routing_shards [2] must be >= index.number_of_shards [4]');
    expect((await f.raw('PUT', '/routed', { settings: { number_of_shards: 4, number_of_routing_shards: 8 } })).status).toBe(200);
  });

  it('still accepts valid values in every form, 1024 shards under a raised cluster limit', async () => {
    expect((await f.raw('PUT', '/_cluster/settings', { transient: { 'cluster.max_shards_per_node': 2000 } })).status).toBe(200);
    const r = await f.raw('PUT', '/fine', { settings: { index: { refresh_interval: '500ms', number_of_shards: 1024, number_of_replicas: 0 } } });
    expect(r.status).toBe(200);
    expect((await f.raw('PUT', '/fine/_settings', { 'index.refresh_interval': '-1' })).status).toBe(200);
    await f.raw('DELETE', '/fine');
    await f.raw('PUT', '/_cluster/settings', { transient: { 'cluster.max_shards_per_node': null } });
  });

  it('lists the defaults an index does not set, under defaults, with include_defaults', async () => {
    await f.raw('PUT', '/live/_settings', { index: { max_result_window: 500 } });
    const r = (await f.raw('GET', '/live/_settings?include_defaults=true')).json.live;
    expect(r.settings.index.max_result_window).toBe('500');
    expect(r.defaults.index.max_result_window).toBeUndefined();
    expect(r.defaults.index).toMatchObject({ refresh_interval: '1s', max_terms_count: '65536', store: { type: '' } });
    const flat = (await f.raw('GET', '/live/_settings/index.refresh*?include_defaults=true&flat_settings=true')).json.live;
    expect(flat.defaults).toEqual({ 'index.refresh_interval': '1s' });
    expect((await f.raw('GET', '/live/_settings')).json.live.defaults).toBeUndefined();
  });
});
