import { type ClusterFixture, startFixture } from '../test/cluster-fixture';
import { parseMetric } from './rank-eval';

describe('rank evaluation metrics', () => {
  // Ratings of the top hits in rank order (undefined = unrated) and every rating the request gave.
  const hits = [3, undefined, 0, 2];
  const all = [3, 2, 2, 0];

  it.each([
    [{ precision: { k: 4 } }, 2 / 4, { precision: { relevant_docs_retrieved: 2, docs_retrieved: 4 } }],
    [{ precision: { k: 4, ignore_unlabeled: true } }, 2 / 3, { precision: { relevant_docs_retrieved: 2, docs_retrieved: 3 } }],
    [{ precision: { k: 4, relevant_rating_threshold: 3 } }, 1 / 4, { precision: { relevant_docs_retrieved: 1, docs_retrieved: 4 } }],
    [{ recall: { k: 4 } }, 2 / 3, { recall: { relevant_docs_retrieved: 2, relevant_docs: 3 } }],
    [{ mean_reciprocal_rank: { relevant_rating_threshold: 2 } }, 1, { mean_reciprocal_rank: { first_relevant: 1 } }],
  ])('%j', (spec, score, details) => {
    const r = parseMetric(spec).evaluate(hits, all);
    expect(r.score).toBeCloseTo(score, 10);
    expect(r.details).toEqual(details);
  });

  it('computes dcg and its normalised form against the ideal order', () => {
    const dcg = 7 / Math.log2(2) + 0 + 0 + 3 / Math.log2(5);
    const ideal = 7 + 3 / Math.log2(3) + 3 / Math.log2(4) + 0;
    expect(parseMetric({ dcg: { k: 4 } }).evaluate(hits, all).score).toBeCloseTo(dcg, 10);
    expect(parseMetric({ dcg: { k: 4, normalize: true } }).evaluate(hits, all).score).toBeCloseTo(dcg / ideal, 10);
  });

  it('computes expected reciprocal rank with the maximum relevance', () => {
    const r1 = 7 / 8;
    const r4 = 3 / 8;
    const expected = r1 + ((1 - r1) * 1 * 1 * r4) / 4;
    expect(parseMetric({ expected_reciprocal_rank: { maximum_relevance: 3, k: 4 } }).evaluate(hits, all).score).toBeCloseTo(expected, 10);
    expect(() => parseMetric({ expected_reciprocal_rank: {} })).toThrow(/maximum_relevance/);
    expect(() => parseMetric({ nope: {} })).toThrow(/unknown metric/);
  });
});

describe('embedded cluster: _rank_eval', () => {
  let f: ClusterFixture;
  beforeAll(async () => {
    f = await startFixture();
    const docs = [{ title: 'Pulp Fiction' }, { title: 'Fiction' }, { title: 'Drive' }];
    await f.client.bulk({ body: docs.flatMap((d, i) => [{ index: { _index: 'movies', _id: `m${i + 1}` } }, d]), refresh: 'true' });
  });
  afterAll(() => f.close());

  it('rates the hits of each request and averages the scores', async () => {
    const r = await f.raw('POST', '/movies/_rank_eval', {
      metric: { precision: { k: 10 } },
      requests: [
        { id: 'pulp', request: { query: { match: { title: 'pulp fiction' } } }, ratings: [{ _index: 'movies', _id: 'm1', rating: 1 }, { _index: 'movies', _id: 'm2', rating: 0 }] },
        { id: 'drive', request: { query: { match: { title: 'drive' } } }, ratings: [{ _index: 'movies', _id: 'm3', rating: 1 }] },
      ],
    });
    expect(r.status).toBe(200);
    expect(r.json.details.pulp.metric_score).toBe(0.5);
    expect(r.json.details.pulp.hits[0]).toMatchObject({ hit: { _index: 'movies', _id: 'm1' }, rating: 1 });
    expect(r.json.details.drive).toMatchObject({ metric_score: 1, unrated_docs: [], metric_details: { precision: { relevant_docs_retrieved: 1, docs_retrieved: 1 } } });
    expect(r.json.metric_score).toBe(0.75);
    expect(r.json.failures).toEqual({});
  });

  it('lists unrated hits, puts a failing request under failures and refuses a bad body', async () => {
    const r = await f.raw('POST', '/_rank_eval', {
      metric: { mean_reciprocal_rank: {} },
      requests: [
        { id: 'ok', request: { query: { match: { title: 'fiction' } } }, ratings: [{ _index: 'movies', _id: 'm2', rating: 1 }] },
        { id: 'bad', request: { query: { nope: {} } }, ratings: [] },
      ],
    });
    expect(r.json.details.ok.unrated_docs).toEqual([{ _index: 'movies', _id: 'm1' }]);
    expect(r.json.failures.bad.error.type).toBe('parsing_exception');
    expect((await f.raw('POST', '/_rank_eval', { metric: { precision: {} } })).status).toBe(400);
  });
});
