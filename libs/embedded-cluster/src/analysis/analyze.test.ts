import { type ClusterFixture, startFixture } from '../test/cluster-fixture';

describe('embedded cluster: _analyze', () => {
  let f: ClusterFixture;
  const tokens = async (body: Record<string, unknown>, index = '') => (await f.raw('POST', `${index}/_analyze`, body)).json.tokens;

  beforeAll(async () => {
    f = await startFixture();
    await f.client.indices.create({ index: 'movies', body: { settings: { analysis: { analyzer: { default: { type: 'stop' } } } } } });
  });
  afterAll(() => f.close());

  it('splits with the standard analyzer, offsets and positions included', async () => {
    expect(await tokens({ analyzer: 'standard', text: 'Moneyball, by 2011' })).toEqual([
      { token: 'moneyball', start_offset: 0, end_offset: 9, type: '<ALPHANUM>', position: 0 },
      { token: 'by', start_offset: 11, end_offset: 13, type: '<ALPHANUM>', position: 1 },
      { token: '2011', start_offset: 14, end_offset: 18, type: '<NUM>', position: 2 },
    ]);
  });

  it.each([
    [{ tokenizer: 'keyword', char_filter: ['html_strip'], filter: ['lowercase'], text: '<b>Moneyball</b>' }, 'moneyball', 3, 16],
    [{ tokenizer: 'keyword', filter: ['asciifolding'], text: 'Léon' }, 'Leon', 0, 4],
    [{ tokenizer: 'keyword', filter: ['uppercase'], text: 'Drive' }, 'DRIVE', 0, 5],
  ])('runs a custom chain %j', async (body, token, start, end) => {
    expect((await tokens(body))[0]).toMatchObject({ token, start_offset: start, end_offset: end });
  });

  it("uses the index's default analyzer, stop words keeping their positions", async () => {
    const out = await tokens({ text: 'a movie by Miller' }, '/movies');
    expect(out.map((t: { token: string; position: number }) => [t.token, t.position])).toEqual([['movie', 1], ['miller', 3]]);
  });

  it('continues offsets and positions across the values of a multi-value text', async () => {
    const out = await tokens({ analyzer: 'whitespace', text: ['a b', 'c'] });
    expect(out[2]).toMatchObject({ token: 'c', start_offset: 4, position: 102 });
  });
});

describe('embedded cluster: stemmers', () => {
  let f: ClusterFixture;
  beforeAll(async () => (f = await startFixture()));
  afterAll(() => f.close());

  it.each([
    ['porter_stem', 'standard', 'running caresses ponies relational', ['run', 'caress', 'poni', 'relat']],
    ['persian_stem', 'keyword', 'جامدات', ['جامد']],
    ['persian_stem', 'keyword', 'کتابها', ['کتاب']],
    ['persian_stem', 'keyword', 'ات', ['ات']], // two letters must stay
  ])('%s over the %s tokenizer', async (filter, tokenizer, text, expected) => {
    const out = (await f.raw('POST', '/_analyze', { tokenizer, filter: ['lowercase', filter], text })).json.tokens;
    expect(out.map((t: { token: string }) => t.token)).toEqual(expected);
  });
});
