import { type ClusterFixture, startFixture } from '../test/cluster-fixture';
import { editDistance, maxEdits } from './term-level-queries';

describe('edit distance and fuzziness', () => {
  it.each([
    ['bake', 'brave', true, 2],
    ['abcd', 'abdc', true, 1],
    ['abcd', 'abdc', false, 2],
    ['same', 'same', true, 0],
    ['', 'abc', true, 3],
  ])('%s → %s (transpositions %s) is %i', (a, b, transpositions, d) => {
    expect(editDistance(a, b, { max: 5, transpositions })).toBe(d);
  });

  it('stops at max + 1 instead of computing a large distance', () => {
    expect(editDistance('aaaaaaaaaa', 'bbbbbbbbbb', { max: 2, transpositions: true })).toBe(3);
  });

  it.each([
    ['AUTO', 'ab', 0],
    ['AUTO', 'abc', 1],
    ['AUTO', 'abcdef', 2],
    ['AUTO:2,4', 'ab', 1],
    [1, 'anything', 1],
    ['7', 'anything', 2],
  ])('fuzziness %s on %s allows %i edits', (f, term, n) => {
    expect(maxEdits(f, term)).toBe(n);
  });
});

describe('embedded cluster: fuzzy, terms_set and terms lookup', () => {
  let f: ClusterFixture;
  const ids = async (index: string, query: unknown) => {
    const r = await f.raw('POST', `/${index}/_search`, { query });
    return r.status === 200 ? r.json.hits.hits.map((h: { _id: string }) => h._id).sort() : r;
  };

  beforeAll(async () => {
    f = await startFixture();
    await f.client.indices.create({ index: 'films', body: { mappings: { properties: { title: { type: 'text' }, code: { type: 'keyword' }, genres: { type: 'keyword' }, need: { type: 'integer' } } } } });
    const docs = [
      { title: 'Brave', code: 'BRV-1', genres: ['Adventure', 'Animation', 'Family'], need: 2 },
      { title: 'Drive', code: 'DRV-2', genres: ['Crime'], need: 1 },
      { title: 'Moneyball', code: 'MNB-3', genres: ['Drama', 'Family'], need: 3 },
    ];
    await f.client.bulk({ body: docs.flatMap((d, i) => [{ index: { _index: 'films', _id: String(i + 1) } }, d]), refresh: 'true' });
    await f.client.index({ index: 'lists', id: 'fav', body: { codes: ['DRV-2', 'MNB-3'], nested: { genres: ['Crime'] } }, refresh: 'true' });
  });
  afterAll(() => f.close());

  it.each([
    [{ fuzzy: { title: { value: 'bake', fuzziness: 2 } } }, ['1']],
    [{ fuzzy: { title: { value: 'bake', fuzziness: 1 } } }, []],
    [{ fuzzy: { title: 'drvie' } }, ['2']], // AUTO: 5 letters allow one edit, a swap is one
    [{ fuzzy: { title: { value: 'drvie', transpositions: false } } }, []],
    [{ fuzzy: { title: { value: 'arave' } } }, ['1']],
    [{ fuzzy: { title: { value: 'arave', prefix_length: 1 } } }, []], // the first letter must match exactly
    [{ fuzzy: { code: { value: 'DRV-3', fuzziness: 1 } } }, ['2']], // keyword: the whole value, case kept
  ])('fuzzy %j matches %j', async (query, expected) => {
    expect(await ids('films', query)).toEqual(expected);
  });

  it('scores 1 under a constant_score rewrite', async () => {
    const r = await f.raw('POST', '/films/_search', { query: { fuzzy: { title: { value: 'bake', fuzziness: 2, rewrite: 'constant_score' } } } });
    expect(r.json.hits.max_score).toBe(1);
  });

  it('needs the per-document count of terms_set matches', async () => {
    expect(await ids('films', { terms_set: { genres: { terms: ['Adventure', 'Family', 'Drama'], minimum_should_match_field: 'need' } } })).toEqual(['1']);
    expect(await ids('films', { terms_set: { genres: { terms: ['Crime'], minimum_should_match_field: 'need' } } })).toEqual(['2']);
  });

  it('refuses a terms_set script with a 400', async () => {
    const r = await f.raw('POST', '/films/_search', { query: { terms_set: { genres: { terms: ['x'], minimum_should_match_script: { source: 'params.num_terms' } } } } });
    expect(r.status).toBe(400);
    expect(r.json.error.type).toBe('illegal_argument_exception');
  });

  it('looks terms up in another document, nested paths included', async () => {
    expect(await ids('films', { terms: { code: { index: 'lists', id: 'fav', path: 'codes' } } })).toEqual(['2', '3']);
    expect(await ids('films', { bool: { filter: [{ terms: { genres: { index: 'lists', id: 'fav', path: 'nested.genres' } } }] } })).toEqual(['2']);
    expect(await ids('films', { terms: { code: { index: 'lists', id: 'missing', path: 'codes' } } })).toEqual([]);
  });

  it('answers 404 for a lookup in a missing index', async () => {
    const r = await f.raw('POST', '/films/_search', { query: { terms: { code: { index: 'nope', id: '1', path: 'x' } } } });
    expect(r.status).toBe(404);
    expect(r.json.error.type).toBe('index_not_found_exception');
  });
});
