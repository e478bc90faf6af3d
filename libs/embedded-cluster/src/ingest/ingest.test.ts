import { type ClusterFixture, startFixture } from '../test/cluster-fixture';

describe('ingest pipelines over HTTP', () => {
  let f: ClusterFixture;
  const source = async (index: string, id: string) => (await f.client.get({ index, id })).body._source;
  beforeAll(async () => {
    f = await startFixture({ name: 'ingest' });
    await f.raw('PUT', '/_ingest/pipeline/words', {
      description: 'split, count, clean up',
      processors: [
        { split: { field: 'title', separator: '\\s+', target_field: 'words' } },
        { script: { lang: 'painless', source: 'ctx.length = ctx.words.length' } },
        { remove: { field: 'year', ignore_missing: true } },
        { lowercase: { field: 'title' } },
        { set: { field: 'meta.from', value: '{{_index}}/{{title}}' } },
      ],
    });
  });
  afterAll(() => f.close());

  it('stores, lists, gets and deletes pipelines; they survive a restart', async () => {
    expect((await f.raw('GET', '/_ingest/pipeline/words')).json.words.description).toBe('split, count, clean up');
    expect((await f.raw('PUT', '/_ingest/pipeline/tmp', { processors: [] })).json).toEqual({ acknowledged: true });
    expect(Object.keys((await f.raw('GET', '/_ingest/pipeline')).json)).toEqual(['tmp', 'words']);
    const again = await startFixture({ dataDir: f.dataDir });
    try {
      expect(Object.keys((await again.raw('GET', '/_ingest/pipeline/w*')).json)).toEqual(['words']);
    } finally {
      await again.close();
    }
    expect((await f.raw('DELETE', '/_ingest/pipeline/tmp')).json).toEqual({ acknowledged: true });
    expect((await f.raw('GET', '/_ingest/pipeline/tmp')).status).toBe(404);
    expect((await f.raw('DELETE', '/_ingest/pipeline/tmp')).json.error.type).toBe('resource_not_found_exception');
  });

  it.each([
    [{ processors: [{ no_such: {} }] }, 'parse_exception'],
    [{ processors: [{ split: { field: 'a' } }] }, 'parse_exception'],
    [{ processors: [{ script: { source: 'ctx.a = ;' } }] }, 'script_exception'],
    [{ description: 'no processors' }, 'parse_exception'],
  ])('refuses %j with a 400', async (def, type) => {
    const res = await f.raw('PUT', '/_ingest/pipeline/bad', def);
    expect(res.status).toBe(400);
    expect(res.json.error.type).toBe(type);
  });

  it('runs on index, _bulk (parameter and per item) and reindex; a missing pipeline is a 400', async () => {
    await f.raw('PUT', '/docs/_doc/1?pipeline=words&refresh=true', { title: 'Beauty and the Beast', year: 1991 });
    expect(await source('docs', '1')).toEqual({ title: 'beauty and the beast', words: ['Beauty', 'and', 'the', 'Beast'], length: 4, meta: { from: 'docs/beauty and the beast' } });
    const bulk = `${JSON.stringify({ index: { _index: 'docs', _id: '2' } })}\n${JSON.stringify({ title: 'A B' })}\n${JSON.stringify({ index: { _index: 'docs', _id: '3', pipeline: '_none' } })}\n${JSON.stringify({ title: 'C D' })}\n`;
    const res = await f.raw('POST', '/_bulk?pipeline=words&refresh=true', bulk);
    expect(res.json.errors).toBe(false);
    expect((await source('docs', '2')).length).toBe(2);
    expect(await source('docs', '3')).toEqual({ title: 'C D' });
    await f.raw('POST', '/plain/_doc/1?refresh=true', { title: 'One Two Three' });
    const reindexed = await f.raw('POST', '/_reindex?refresh=true', { source: { index: 'plain' }, dest: { index: 'copied', pipeline: 'words' } });
    expect(reindexed.json.created).toBe(1);
    expect((await source('copied', '1')).length).toBe(3);
    expect((await f.raw('PUT', '/docs/_doc/9?pipeline=nope', { a: 1 })).json.error).toMatchObject({ type: 'illegal_argument_exception', reason: 'pipeline with id [nope] does not exist' });
    expect((await f.raw('POST', '/_reindex', { source: { index: 'plain' }, dest: { index: 'x', pipeline: 'nope' } })).status).toBe(400);
    await f.raw('PUT', '/_ingest/pipeline/route', { processors: [{ set: { field: '_index', value: 'routed' } }] });
    expect((await f.raw('PUT', '/docs/_doc/7?pipeline=route&refresh=true', { a: 1 })).json._index).toBe('routed');
    await f.raw('PUT', '/_ingest/pipeline/badid', { processors: [{ set: { field: '_id', value: { x: 1 } } }] });
    expect((await f.raw('PUT', '/docs/_doc/8?pipeline=badid', { a: 1 })).status).toBe(400);
  });

  it('applies index.default_pipeline and index.final_pipeline; drop answers a noop; fail and on_failure', async () => {
    await f.raw('PUT', '/_ingest/pipeline/stamp', { processors: [{ set: { field: 'stamped', value: true } }] });
    await f.raw('PUT', '/_ingest/pipeline/gate', {
      processors: [
        { drop: { if: "ctx.skip == true" } },
        { fail: { if: "ctx.bad == true", message: 'bad doc {{_id}}' } },
        { convert: { field: 'n', target_field: 'n_int', type: 'integer', ignore_missing: true, on_failure: [{ set: { field: 'n_error', value: 'not a number' } }] } },
      ],
    });
    await f.client.indices.create({ index: 'auto', body: { settings: { 'index.default_pipeline': 'gate', 'index.final_pipeline': 'stamp' } } });
    await f.raw('PUT', '/auto/_doc/1', { n: '42' });
    expect(await source('auto', '1')).toEqual({ n: '42', n_int: 42, stamped: true });
    await f.raw('PUT', '/auto/_doc/2', { n: 'x' });
    expect(await source('auto', '2')).toEqual({ n: 'x', n_error: 'not a number', stamped: true });
    const dropped = await f.raw('PUT', '/auto/_doc/3', { skip: true });
    expect(dropped.json).toMatchObject({ result: 'noop' });
    expect((await f.raw('GET', '/auto/_doc/3')).status).toBe(404);
    const failed = await f.raw('PUT', '/auto/_doc/4', { bad: true });
    expect(failed.status).toBe(400);
    expect(failed.json.error).toMatchObject({ type: 'fail_processor_exception', reason: 'bad doc 4' });
    const mixed = `${JSON.stringify({ index: { _index: 'auto', _id: '5' } })}\n{"bad":true}\n${JSON.stringify({ index: { _index: 'auto', _id: '6' } })}\n{"n":"7"}\n`;
    const bulk = await f.raw('POST', '/_bulk', mixed);
    expect(bulk.json.items.map((i: any) => i.index.status)).toEqual([400, 201]);
    expect(await source('auto', '6')).toEqual({ n: '7', n_int: 7, stamped: true });
  });

  it('simulates a stored or an inline pipeline, reporting a failing document by itself', async () => {
    const stored = await f.raw('POST', '/_ingest/pipeline/words/_simulate', { docs: [{ _index: 'i', _id: 'a', _source: { title: 'X Y' } }, { _source: { other: 1 } }] });
    expect(stored.json.docs[0].doc).toMatchObject({ _index: 'i', _id: 'a', _source: { title: 'x y', words: ['X', 'Y'], length: 2 } });
    expect(stored.json.docs[1].error.type).toBe('illegal_argument_exception');
    const inline = await f.raw('POST', '/_ingest/pipeline/_simulate', { pipeline: { processors: [{ uppercase: { field: 'a' } }] }, docs: [{ _source: { a: 'q' } }] });
    expect(inline.json.docs[0].doc._source).toEqual({ a: 'Q' });
    const verbose = await f.raw('POST', '/_ingest/pipeline/_simulate?verbose=true', { pipeline: { processors: [{ uppercase: { field: 'a', tag: 'up' } }, { drop: {} }] }, docs: [{ _source: { a: 'q' } }] });
    expect(verbose.json.docs[0].processor_results).toEqual([
      { processor_type: 'uppercase', tag: 'up', status: 'success', doc: expect.objectContaining({ _source: { a: 'Q' } }) },
      { processor_type: 'drop', status: 'dropped' },
    ]);
  });
});
