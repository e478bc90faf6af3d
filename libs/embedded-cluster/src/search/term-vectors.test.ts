import { type ClusterFixture, startFixture } from '../test/cluster-fixture';

describe('embedded cluster: _termvectors, _mtermvectors and _explain', () => {
  let f: ClusterFixture;

  beforeAll(async () => {
    f = await startFixture();
    await f.client.indices.create({
      index: 'books',
      body: { settings: { number_of_shards: 1 }, mappings: { properties: { title: { type: 'text', term_vector: 'with_positions_offsets' }, author: { type: 'text' }, tag: { type: 'keyword' } } } },
    });
    const docs = [
      { title: 'To Kill a Mockingbird, to kill', author: 'Harper Lee', tag: 'classic' },
      { title: 'Kill Bill', author: 'Q. Tarantino', tag: 'film' },
    ];
    await f.client.bulk({ body: docs.flatMap((d, i) => [{ index: { _index: 'books', _id: `b${i + 1}` } }, d]), refresh: 'true' });
  });
  afterAll(() => f.close());

  it('returns positions, offsets and field statistics of the fields stored with vectors', async () => {
    const r = await f.raw('GET', '/books/_termvectors/b1');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ _index: 'books', _id: 'b1', _version: 1, found: true });
    expect(Object.keys(r.json.term_vectors)).toEqual(['title']);
    const title = r.json.term_vectors.title;
    expect(title.field_statistics).toEqual({ sum_doc_freq: 6, doc_count: 2, sum_ttf: 8 });
    expect(title.terms.kill).toEqual({ term_freq: 2, tokens: [{ position: 1, start_offset: 3, end_offset: 7 }, { position: 5, start_offset: 26, end_offset: 30 }] });
  });

  it('adds term statistics, and generates vectors for any field asked for', async () => {
    const r = await f.raw('POST', '/books/_termvectors/b1', { fields: ['author', 'tag'], term_statistics: true, positions: false, offsets: false });
    expect(r.json.term_vectors.author.terms.lee).toEqual({ doc_freq: 1, ttf: 1, term_freq: 1 });
    expect(r.json.term_vectors.tag.terms.classic).toEqual({ doc_freq: 1, ttf: 1, term_freq: 1 });
  });

  it('analyses an artificial document and keeps the top terms of a filter', async () => {
    const r = await f.raw('POST', '/books/_termvectors', { doc: { title: 'kill mockingbird zebra' }, term_statistics: true, filter: { max_num_terms: 1, min_doc_freq: 1 } });
    expect(r.json.found).toBe(true);
    expect(Object.keys(r.json.term_vectors.title.terms)).toEqual(['mockingbird']); // rarer than "kill"; "zebra" is in no document
  });

  it('answers found: false for a missing document and 404 for a missing index', async () => {
    expect((await f.raw('GET', '/books/_termvectors/nope')).json).toMatchObject({ found: false, _version: 0 });
    expect((await f.raw('GET', '/nope/_termvectors/1')).status).toBe(404);
  });

  it('runs several documents in _mtermvectors, errors kept per entry', async () => {
    const r = await f.raw('POST', '/_mtermvectors', { docs: [{ _index: 'books', _id: 'b2' }, { _index: 'nope', _id: '1' }] });
    expect(r.json.docs[0]).toMatchObject({ _id: 'b2', found: true });
    expect(Object.keys(r.json.docs[0].term_vectors.title.terms)).toEqual(['bill', 'kill']);
    expect(r.json.docs[1].error.type).toBe('index_not_found_exception');
    const ids = await f.raw('POST', '/books/_mtermvectors', { ids: ['b1', 'b2'] });
    expect(ids.json.docs.map((d: { _id: string }) => d._id)).toEqual(['b1', 'b2']);
  });

  it('explains whether a document matches, with the score a search gives it', async () => {
    const search = await f.raw('POST', '/books/_search', { query: { match: { title: 'kill' } } });
    const score = search.json.hits.hits.find((h: { _id: string }) => h._id === 'b2')._score;
    const hit = await f.raw('POST', '/books/_explain/b2', { query: { match: { title: 'kill' } } });
    expect(hit.json).toMatchObject({ _index: 'books', _id: 'b2', matched: true, explanation: { value: score } });
    const miss = await f.raw('GET', '/books/_explain/b2?q=title:mockingbird');
    expect(miss.json).toMatchObject({ matched: false, explanation: { value: 0 } });
    const withSource = await f.raw('GET', '/books/_explain/b1?q=tag:classic&_source_includes=author');
    expect(withSource.json.get._source).toEqual({ author: 'Harper Lee' });
    expect((await f.raw('GET', '/books/_explain/nope?q=x')).status).toBe(404);
    expect((await f.raw('POST', '/books/_explain/b1', {})).status).toBe(400);
  });
});
