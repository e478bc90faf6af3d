import { type ClusterFixture, startFixture } from '../test/cluster-fixture';

describe('embedded cluster: data streams and rollover', () => {
  let f: ClusterFixture;
  beforeAll(async () => {
    f = await startFixture();
    await f.raw('PUT', '/_index_template/logs', { index_patterns: ['logs-*'], data_stream: { timestamp_field: { name: 'at' } }, priority: 10, template: { mappings: { properties: { msg: { type: 'text' } } } } });
  });
  afterAll(() => f.close());

  it('creates a stream with a hidden .ds-<name>-000001 backing index from its template', async () => {
    expect((await f.raw('PUT', '/_data_stream/logs-web')).json).toEqual({ acknowledged: true });
    const [ds] = (await f.raw('GET', '/_data_stream/logs-web')).json.data_streams;
    expect(ds).toMatchObject({ name: 'logs-web', timestamp_field: { name: 'at' }, generation: 1, template: 'logs', indices: [{ index_name: '.ds-logs-web-000001' }] });
    const settings = (await f.raw('GET', '/.ds-logs-web-000001/_settings?flat_settings=true')).json['.ds-logs-web-000001'].settings;
    expect(settings['index.hidden']).toBe('true');
    const mapping = (await f.raw('GET', '/.ds-logs-web-000001/_mapping')).json['.ds-logs-web-000001'].mappings;
    expect(mapping.properties).toMatchObject({ at: { type: 'date' }, msg: { type: 'text' } });
  });

  it('writes to the newest backing index and searches them all; rollover adds a generation', async () => {
    await f.raw('POST', '/logs-web/_doc?refresh=true', { msg: 'one', at: '2024-01-01T00:00:00Z' });
    const r = await f.raw('POST', '/logs-web/_rollover');
    expect(r.json).toMatchObject({ rolled_over: true, old_index: '.ds-logs-web-000001', new_index: '.ds-logs-web-000002' });
    const w = await f.raw('POST', '/logs-web/_doc?refresh=true', { msg: 'two', at: '2024-02-01T00:00:00Z' });
    expect(w.json._index).toBe('.ds-logs-web-000002');
    expect((await f.raw('GET', '/logs-web/_count')).json.count).toBe(2);
    const stats = (await f.raw('GET', '/_data_stream/logs-web/_stats?human=true')).json;
    expect(stats).toMatchObject({ data_stream_count: 1, backing_indices: 2, data_streams: [{ data_stream: 'logs-web', backing_indices: 2, maximum_timestamp: Date.parse('2024-02-01T00:00:00Z') }] });
    expect(typeof stats.total_store_size).toBe('string');
  });

  it('creates a stream on the first write to a name its template matches', async () => {
    const w = await f.raw('POST', '/logs-auto/_doc', { at: '2024-01-01' });
    expect(w.status).toBe(201);
    expect(w.json._index).toBe('.ds-logs-auto-000001');
    expect((await f.raw('GET', '/_data_stream')).json.data_streams.map((d: { name: string }) => d.name)).toEqual(['logs-auto', 'logs-web']);
  });

  it('deletes a stream with its backing indices, and answers 404 / 400 as OpenSearch does', async () => {
    expect((await f.raw('DELETE', '/_data_stream/logs-auto')).json).toEqual({ acknowledged: true });
    expect((await f.raw('HEAD', '/.ds-logs-auto-000001')).status).toBe(404);
    expect((await f.raw('GET', '/_data_stream/logs-auto')).status).toBe(404);
    expect((await f.raw('PUT', '/_data_stream/logs-web')).json.error.type).toBe('resource_already_exists_exception');
    expect((await f.raw('PUT', '/_data_stream/other')).json.error.reason).toMatch(/no matching index template/);
  });

  it('rolls an alias over to the next counter, keeping a write-index alias readable', async () => {
    await f.raw('PUT', '/app-000001', { aliases: { app: { is_write_index: true } } });
    await f.raw('POST', '/app/_doc?refresh=true', { n: 1 });
    const dry = await f.raw('POST', '/app/_rollover?dry_run=true', { conditions: { max_docs: 1 } });
    expect(dry.json).toMatchObject({ dry_run: true, rolled_over: false, new_index: 'app-000002', conditions: { '[max_docs: 1]': true } });
    const notYet = await f.raw('POST', '/app/_rollover', { conditions: { max_docs: 5, max_age: '1d' } });
    expect(notYet.json).toMatchObject({ rolled_over: false, conditions: { '[max_docs: 5]': false, '[max_age: 1d]': false } });
    const r = await f.raw('POST', '/app/_rollover', { conditions: { max_docs: 1 } });
    expect(r.json).toMatchObject({ acknowledged: true, rolled_over: true, old_index: 'app-000001', new_index: 'app-000002' });
    const aliases = (await f.raw('GET', '/_alias/app')).json;
    expect(aliases).toEqual({ 'app-000001': { aliases: { app: { is_write_index: false } } }, 'app-000002': { aliases: { app: { is_write_index: true } } } });
    expect((await f.raw('GET', '/app/_count')).json.count).toBe(1);
  });

  it('moves a plain alias to a named new index, and refuses names without a counter', async () => {
    await f.raw('PUT', '/games', { aliases: { jeux: {} } });
    expect((await f.raw('POST', '/jeux/_rollover')).json.error.reason).toMatch(/does not match pattern/);
    expect((await f.raw('POST', '/jeux/_rollover/games-2')).json).toMatchObject({ rolled_over: true, new_index: 'games-2' });
    expect(Object.keys((await f.raw('GET', '/_alias/jeux')).json)).toEqual(['games-2']);
    expect((await f.raw('POST', '/nothing/_rollover')).status).toBe(404);
  });
});
