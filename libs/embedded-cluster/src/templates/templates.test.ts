import { type ClusterFixture, startFixture } from '../test/cluster-fixture';

describe('embedded cluster: templates', () => {
  let f: ClusterFixture;

  beforeAll(async () => {
    f = await startFixture();
    await f.client.cluster.putComponentTemplate({ name: 'ts', body: { template: { mappings: { properties: { at: { type: 'date' } } } } } });
    await f.client.indices.putIndexTemplate({
      name: 'logs',
      body: { index_patterns: ['logs-*'], priority: 5, composed_of: ['ts'], template: { settings: { number_of_shards: 3 }, aliases: { all_logs: {} } } },
    });
    await f.client.indices.putTemplate({ name: 'old', body: { index_patterns: ['logs-*', 'old-*'], order: 1, settings: { number_of_shards: 2 } } });
  });
  afterAll(() => f.close());

  it('applies the highest-priority composable template and its components to an explicitly created index', async () => {
    await f.client.indices.create({ index: 'logs-a', body: { settings: { number_of_replicas: 0 } } });
    const body = (await f.raw('GET', '/logs-a')).json;
    expect(body['logs-a'].settings.index).toMatchObject({ number_of_shards: '3', number_of_replicas: '0' });
    expect(body['logs-a'].mappings.properties.at).toEqual({ type: 'date' });
    expect(Object.keys(body['logs-a'].aliases)).toEqual(['all_logs']);
  });

  it('applies legacy templates when no composable one matches, also to an index created by a write', async () => {
    await f.client.index({ index: 'old-b', id: '1', body: { x: 1 } });
    const body = (await f.raw('GET', '/old-b/_settings')).json;
    expect(body['old-b'].settings.index.number_of_shards).toBe('2');
  });

  it('lists, shows and deletes templates in the shapes OpenSearch uses', async () => {
    const composable = await f.client.indices.getIndexTemplate({ name: 'logs' });
    expect(composable.body.index_templates[0]).toMatchObject({ name: 'logs', index_template: { composed_of: ['ts'], priority: 5, template: { settings: { index: { number_of_shards: '3' } } } } });
    const legacy = await f.client.indices.getTemplate({ name: 'old' });
    expect(legacy.body.old).toMatchObject({ order: 1, index_patterns: ['logs-*', 'old-*'] });
    const cat = await f.raw('GET', '/_cat/templates?format=json');
    expect(cat.json.map((r: { name: string }) => r.name)).toEqual(['logs', 'old']);
    await f.client.indices.deleteTemplate({ name: 'old' });
    expect((await f.client.indices.existsTemplate({ name: 'old' })).statusCode).toBe(404);
  });

  it('simulates what an index would get', async () => {
    const r = await f.raw('POST', '/_index_template/_simulate_index/logs-z');
    expect(r.json.template.settings.index.number_of_shards).toBe('3');
  });
});
