import { type ClusterFixture, startFixture } from '../test/cluster-fixture';

const SUM = 'int total = 0; for (int i = 0; i < doc[\'ratings\'].length; ++i) { total += doc[\'ratings\'][i]; } return total;';

describe('scripting over HTTP: stored scripts, script contexts, scripted updates, queries, fields, aggregations, templates', () => {
  let f: ClusterFixture;
  beforeAll(async () => {
    f = await startFixture({ name: 'scripts' });
    await f.client.indices.create({ index: 'books', body: { mappings: { properties: { title: { type: 'keyword' }, price: { type: 'double' } } } } });
    await f.client.bulk({
      refresh: 'true',
      body: [
        { index: { _index: 'books', _id: '1' } }, { title: 'A', year: 1960, price: 10.5, ratings: [1, 2, 3] },
        { index: { _index: 'books', _id: '2' } }, { title: 'B', year: 1991, price: 20, ratings: [3, 4, 5] },
        { index: { _index: 'books', _id: '3' } }, { title: 'C', year: 1949, price: 5.25, ratings: [] },
      ],
    });
  });
  afterAll(() => f.close());

  it('stores, gets and deletes scripts, refusing ones that do not compile; they survive a restart', async () => {
    expect((await f.raw('PUT', '/_scripts/sum', { script: { lang: 'painless', source: SUM } })).json).toEqual({ acknowledged: true });
    expect((await f.raw('PUT', '/_scripts/tpl', { script: { lang: 'mustache', source: { query: { term: { title: '{{t}}' } } } } })).status).toBe(200);
    const bad = await f.raw('PUT', '/_scripts/bad', { script: { lang: 'painless', source: 'int x = ;' } });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatchObject({ type: 'script_exception', reason: 'compile error', lang: 'painless' });
    expect((await f.raw('PUT', '/_scripts/x/no_such_context', { script: { lang: 'painless', source: '1' } })).status).toBe(400);
    expect((await f.raw('PUT', '/_scripts/x', { script: { lang: 'expression', source: '1' } })).json.error.reason).toBe('script_lang not supported [expression]');
    const got = await f.raw('GET', '/_scripts/sum');
    expect(got.json).toEqual({ _id: 'sum', found: true, script: { lang: 'painless', source: SUM } });
    expect((await f.raw('GET', '/_scripts/bad')).status).toBe(404);
    const restarted = await startFixture({ dataDir: f.dataDir });
    try {
      expect((await restarted.raw('GET', '/_scripts/tpl')).json.script.source).toBe('{"query":{"term":{"title":"{{t}}"}}}');
    } finally {
      await restarted.close();
    }
    expect((await f.raw('DELETE', '/_scripts/nothing')).json.error.type).toBe('resource_not_found_exception');
  });

  it('answers _script_context and _script_language in the schema shapes', async () => {
    const ctx = (await f.raw('GET', '/_script_context')).json;
    const filter = ctx.contexts.find((c: any) => c.name === 'filter');
    expect(filter.methods[0]).toEqual({ name: 'execute', return_type: 'boolean', params: [] });
    const langs = (await f.raw('GET', '/_script_language')).json;
    expect(langs.types_allowed).toEqual(['inline', 'stored']);
    expect(langs.language_contexts.map((l: any) => l.language)).toEqual(['mustache', 'painless']);
  });

  it('executes painless_test, filter and score contexts', async () => {
    const exec = (body: unknown) => f.raw('POST', '/_scripts/painless/_execute', body);
    expect((await exec({ script: { source: '(params.x + params.y) / 2', params: { x: 80, y: 100 } } })).json).toEqual({ result: '90' });
    expect((await exec({ script: { source: 'params.a * 1.5', params: { a: 2 } } })).json).toEqual({ result: '3.0' });
    const setup = { index: 'books', document: { year: 1976, title: 'Z' } };
    expect((await exec({ context: 'filter', context_setup: setup, script: { source: "doc['year'].value > 2000" } })).json).toEqual({ result: false });
    expect((await exec({ context: 'score', context_setup: setup, script: { source: "doc['year'].value" } })).json).toEqual({ result: 1976 });
    expect((await exec({ context: 'score', context_setup: { index: 'nope', document: {} }, script: { source: '1' } })).status).toBe(404);
  });

  it('runs scripted updates: ctx._source changes, noop, delete, scripted_upsert, and a failing script as 400', async () => {
    await f.client.index({ index: 'upd', id: '1', body: { n: 1, tags: ['a'] }, refresh: true });
    const up = await f.raw('POST', '/upd/_update/1', { script: { source: 'ctx._source.n += params.by; ctx._source.tags.add(params.tag)', params: { by: 10, tag: 'b' } } });
    expect(up.json).toMatchObject({ result: 'updated', _version: 2 });
    expect((await f.client.get({ index: 'upd', id: '1' })).body._source).toEqual({ n: 11, tags: ['a', 'b'] });
    expect((await f.raw('POST', '/upd/_update/1', { script: "ctx.op = 'noop'" })).json).toMatchObject({ result: 'noop', _version: 2 });
    expect((await f.raw('POST', '/upd/_update/2', { script: 'ctx._source.n = 1', upsert: { n: 0 } })).json.result).toBe('created');
    expect((await f.client.get({ index: 'upd', id: '2' })).body._source).toEqual({ n: 0 });
    expect((await f.raw('POST', '/upd/_update/3', { script: 'ctx._source.n = 5', upsert: {}, scripted_upsert: true })).json.result).toBe('created');
    expect((await f.client.get({ index: 'upd', id: '3' })).body._source).toEqual({ n: 5 });
    expect((await f.raw('POST', '/upd/_update/1', { script: "ctx.op = 'delete'" })).json.result).toBe('deleted');
    expect((await f.raw('POST', '/upd/_update/9', { script: 'ctx._source.n = 1' })).json.error.type).toBe('document_missing_exception');
    const bad = await f.raw('POST', '/upd/_update/2', { script: 'ctx._source.n = ctx._source.missing.size()' });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatchObject({ type: 'script_exception', reason: 'runtime error', caused_by: { type: 'null_pointer_exception' } });
  });

  it('filters with a script query, scores with script_score (a stored script), and computes script_fields', async () => {
    const odd = await f.client.search({ index: 'books', body: { query: { bool: { filter: { script: { script: "doc['year'].value % 2 == 1" } } } }, sort: [{ year: 'desc' }] } as any });
    expect(odd.body.hits.hits.map((h: any) => h._id)).toEqual(['2', '3']);
    await f.raw('PUT', '/_scripts/avg', { script: { lang: 'painless', source: "doc['ratings'].size() == 0 ? 0 : doc['ratings'].value + params.bonus" } });
    const scored = await f.client.search({ index: 'books', body: { query: { script_score: { query: { match_all: {} }, script: { id: 'avg', params: { bonus: 1 } } } } } as any });
    expect(scored.body.hits.hits.map((h: any) => [h._id, h._score])).toEqual([['2', 4], ['1', 2], ['3', 0]]);
    const fields = await f.client.search({ index: 'books', body: { query: { ids: { values: ['1'] } }, script_fields: { sum: { script: { id: 'sum' } }, twice: { script: "doc['price'].value * 2" }, t: { script: 'params._source.title' } } } as any });
    expect(fields.body.hits.hits[0].fields).toEqual({ sum: [6], twice: [21], t: ['A'] });
    const unmapped = await f.raw('POST', '/books/_search', { query: { script: { script: "doc['nope'].value > 1" } } });
    expect(unmapped.status).toBe(400);
    expect(unmapped.json.error.type).toBe('illegal_argument_exception');
    expect((await f.raw('POST', '/books/_search', { query: { script: { script: { id: 'none' } } } })).status).toBe(404);
  });

  it('aggregates script values with min, max and terms; an unknown value_type is a 400', async () => {
    const res = await f.client.search({
      index: 'books',
      body: {
        size: 0,
        aggs: {
          lo: { min: { script: { source: "doc['price'].value" }, value_type: 'double' } },
          hi: { max: { script: "doc['year'].value + 1" } },
          decade: { terms: { script: "String.valueOf(doc['year'].value / 10 * 10)" } },
        },
      } as any,
    });
    expect(res.body.aggregations).toMatchObject({ lo: { value: 5.25 }, hi: { value: 1992 } });
    expect((res.body.aggregations as any).decade.buckets.map((b: any) => [b.key, b.doc_count])).toEqual([['1940', 1], ['1960', 1], ['1990', 1]]);
    expect((await f.raw('POST', '/books/_search', { size: 0, aggs: { x: { min: { script: '1', value_type: 'nonsense' } } } })).status).toBe(400);
  });

  it('renders and runs mustache search templates, stored or inline, singly and in _msearch/template', async () => {
    const rendered = await f.raw('POST', '/_render/template/tpl', { params: { t: 'A "quoted"' } });
    expect(rendered.json).toEqual({ template_output: { query: { term: { title: 'A "quoted"' } } } });
    const inline = await f.raw('POST', '/_render/template', { source: '{"query":{"terms":{"title":{{#toJson}}ts{{/toJson}}}}}', params: { ts: ['A', 'B'] } });
    expect(inline.json.template_output).toEqual({ query: { terms: { title: ['A', 'B'] } } });
    const searched = await f.raw('POST', '/books/_search/template', { id: 'tpl', params: { t: 'B' } });
    expect(searched.json.hits.hits.map((h: any) => h._id)).toEqual(['2']);
    const nd = `${JSON.stringify({ index: 'books' })}\n${JSON.stringify({ id: 'tpl', params: { t: 'C' } })}\n{}\n${JSON.stringify({ source: '{"query":{"term":{"title":"{{t}}"}}}', params: { t: 'A' } })}\n`;
    const multi = await f.raw('POST', '/_msearch/template', nd);
    expect(multi.json.responses.map((r: any) => [r.status, r.hits.hits.map((h: any) => h._id)])).toEqual([[200, ['3']], [200, ['1']]]);
    const broken = await f.raw('POST', '/_render/template', { source: '{"query": {{x}}', params: { x: 1 } });
    expect(broken.status).toBe(400);
    expect((await f.raw('POST', '/_render/template', { id: 'sum' })).status).toBe(400);
    expect((await f.raw('POST', '/_render/template', { id: 'missing' })).status).toBe(404);
  });

  it('runs update_by_query scripts in the same interpreter, with ctx metadata', async () => {
    await f.client.bulk({ refresh: 'true', body: [{ index: { _index: 'ubq', _id: 'a' } }, { n: 1 }, { index: { _index: 'ubq', _id: 'b' } }, { n: 2 }] });
    const res = await f.client.updateByQuery({ index: 'ubq', refresh: true, body: { script: { source: "if (ctx._id == 'a') { ctx.op = 'noop' } else { ctx._source.n *= 10; ctx._source.from = ctx._index }" } } });
    expect(res.body).toMatchObject({ updated: 1, noops: 1 });
    expect((await f.client.get({ index: 'ubq', id: 'b' })).body._source).toEqual({ n: 20, from: 'ubq' });
  });
});
