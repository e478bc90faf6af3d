import { type ClusterFixture, startFixture } from '../test/cluster-fixture';

const N = 10_250;
const TAGS = ['a', 'b', 'c'];

/** Reads a whole scroll; returns the ids in page order and every page's total and duration. */
async function drain(f: ClusterFixture, path: string, body: Record<string, unknown>) {
  const pages: { total: unknown; ms: number; hits: number }[] = [];
  const ids: string[] = [];
  let started = Date.now();
  let r = (await f.raw('POST', path, body)).json;
  while (r.hits.hits.length > 0) {
    pages.push({ total: r.hits.total, ms: Date.now() - started, hits: r.hits.hits.length });
    ids.push(...r.hits.hits.map((h: { _id: string }) => h._id));
    started = Date.now();
    r = (await f.raw('POST', '/_search/scroll', { scroll: '1m', scroll_id: r._scroll_id })).json;
  }
  return { ids, pages };
}

describe('embedded cluster: scroll', () => {
  let f: ClusterFixture;

  beforeAll(async () => {
    f = await startFixture();
    await f.client.indices.create({ index: 'logs', body: { settings: { number_of_shards: 2 } } });
    const lines: string[] = [];
    for (let i = 0; i < N; i++) lines.push(JSON.stringify({ index: { _index: 'logs', _id: `d${i}` } }), JSON.stringify({ n: i, tag: TAGS[i % 3] }));
    await f.raw('POST', '/_bulk?refresh=true', `${lines.join('\n')}\n`);
  }, 60_000);
  afterAll(() => f.close());

  it.each([
    ['default (_doc) order', {}],
    ['a sort with ties across shards', { sort: [{ 'tag.keyword': 'asc' }] }],
    ['a scored query', { query: { match: { tag: 'b' } } }],
  ])('returns every matching document once, with an exact total, for %s', async (_name, extra) => {
    const { ids, pages } = await drain(f, '/logs/_search?scroll=1m', { size: 500, ...extra });
    const expected = 'query' in extra ? Math.ceil((N - 1) / 3) : N;
    expect(new Set(ids).size).toBe(expected);
    expect(ids).toHaveLength(expected);
    for (const p of pages) expect(p.total).toEqual({ value: expected, relation: 'eq' });
    // Clients such as elasticdump count on full pages until the last one.
    expect(pages.slice(0, -1).every((p) => p.hits === 500)).toBe(true);
  });

  it('counts exactly even when the request caps track_total_hits', async () => {
    const r = (await f.raw('POST', '/logs/_search?scroll=1m', { size: 10, track_total_hits: 100 })).json;
    expect(r.hits.total).toEqual({ value: N, relation: 'eq' });
  });

  it('keeps page cost flat: the deepest pages are not slower than the first ones', async () => {
    const { pages } = await drain(f, '/logs/_search?scroll=1m', { size: 100 });
    const avg = (xs: { ms: number }[]) => xs.reduce((s, p) => s + p.ms, 0) / xs.length;
    const early = avg(pages.slice(1, 21));
    const late = avg(pages.slice(-20));
    // An offset re-search makes the last pages ~100 times the cost of the first; allow noise, not growth.
    expect(late).toBeLessThan(Math.max(early * 4, 15));
  });
});
