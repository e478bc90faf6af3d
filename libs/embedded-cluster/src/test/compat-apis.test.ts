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

  it('runs several searches with _msearch, an error staying in its own item', async () => {
    const nd = `{"index":"movies"}\n{"query":{"match":{"title":"beast"}}}\n{"index":"nope"}\n{}\n`;
    const r = await f.raw('POST', '/_msearch', nd);
    expect(r.json.responses.map((x: { status: number }) => x.status)).toEqual([200, 404]);
    expect(r.json.responses[0].hits.total.value).toBe(1);
  });

  it.each([
    ['broken JSON', '{\n{"msg":"bulk"}\n'],
    ['a null header', 'null\n{}\n'],
    ['an array body', '{}\n[1]\n'],
  ])('refuses an _msearch with %s: 400 parsing_exception, not a 500', async (_name, nd) => {
    const r = await f.raw('POST', '/_msearch', nd);
    expect(r.status).toBe(400);
    expect(r.json.error.type).toBe('parsing_exception');
  });

  it.each([
    [{ query: { match: { title: 'beast' } } }, true],
    [{ query: { no_such_query: {} } }, false],
  ])('validates %j as %s', async (body, valid) => {
    expect((await f.raw('POST', '/movies/_validate/query', body)).json.valid).toBe(valid);
  });

  it('returns field mappings by full name', async () => {
    const { body } = await f.client.indices.getFieldMapping({ index: 'movies', fields: ['title.keyword', 'year'] });
    expect(body.movies.mappings['title.keyword']).toEqual({ full_name: 'title.keyword', mapping: { keyword: { type: 'keyword', ignore_above: 256 } } });
    expect(Object.keys(body.movies.mappings).sort()).toEqual(['title.keyword', 'year']);
  });

  it('reports hot threads as text, sampled over the interval', async () => {
    const r = await fetch(`${f.cluster.url}/_nodes/hot_threads?interval=50ms`);
    expect(r.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await r.text()).toMatch(/Hot threads at .*interval=50ms/);
  });

  it('narrows _cluster/stats to the requested metrics', async () => {
    const r = (await f.raw('GET', '/_cluster/stats/indices/docs/nodes/_all')).json;
    expect(Object.keys(r.indices).sort()).toEqual(['count', 'docs']);
    expect(r.nodes).toBeUndefined();
  });

  it('reports field capabilities per type', async () => {
    const { body } = await f.client.fieldCaps({ index: 'movies', fields: 'title*,year' });
    expect(body.fields).toEqual({
      title: { text: { type: 'text', searchable: true, aggregatable: false } },
      'title.keyword': { keyword: { type: 'keyword', searchable: true, aggregatable: true } },
      year: { long: { type: 'long', searchable: true, aggregatable: true } },
    });
  });
});
