import { type ClusterFixture, startFixture } from './cluster-fixture';

describe('embedded cluster: APIs the specification stories use', () => {
  let f: ClusterFixture;

  beforeAll(async () => {
    f = await startFixture();
    await f.client.index({ index: 'movies', id: '1', body: { title: 'Beauty and the Beast', year: 1991 }, refresh: true });
  });
  afterAll(() => f.close());

  it('returns a document source by id', async () => {
    const { body } = await f.client.getSource({ index: 'movies', id: '1' });
    expect(body).toEqual({ title: 'Beauty and the Beast', year: 1991 });
  });

  it.each([
    ['PUT', '/_alias/a1', { index: 'movies' }, 'a1'],
    ['POST', '/_aliases/a2', { index: 'movies' }, 'a2'],
    ['PUT', '/_alias', { index: 'movies', alias: 'a3' }, 'a3'],
    ['PUT', '/movies/_alias', { alias: 'a4' }, 'a4'],
  ])('%s %s adds an alias from the body', async (method, path, body, alias) => {
    expect((await f.raw(method, path, body)).json).toEqual({ acknowledged: true });
    expect((await f.client.indices.existsAlias({ name: alias })).statusCode).toBe(200);
  });

  it('accepts adaptive_selection and the other 3.x node stats metrics', async () => {
    const { body } = await f.client.nodes.stats({ metric: ['adaptive_selection', 'indexing_pressure'] });
    expect(Object.values(body.nodes as Record<string, { adaptive_selection: unknown }>)[0].adaptive_selection).toEqual({});
  });

  it('waits for a health status until it is reached', async () => {
    await f.client.indices.create({ index: 'waiting', body: { settings: { number_of_replicas: 1 } } });
    const started = Date.now();
    const answer = f.raw('GET', '/_cluster/health/waiting?wait_for_status=green&timeout=5s');
    setTimeout(() => void f.client.indices.putSettings({ index: 'waiting', body: { number_of_replicas: 0 } }), 300);
    const r = await answer;
    expect({ status: r.status, health: r.json.status, timed_out: r.json.timed_out }).toEqual({ status: 200, health: 'green', timed_out: false });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('answers 408 with timed_out once the timeout passes', async () => {
    await f.client.indices.create({ index: 'stuck', body: { settings: { number_of_replicas: 1 } } });
    const started = Date.now();
    const r = await f.raw('GET', '/_cluster/health/stuck?wait_for_status=green&timeout=300ms');
    expect({ status: r.status, timed_out: r.json.timed_out, health: r.json.status }).toEqual({ status: 408, timed_out: true, health: 'yellow' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });
});
