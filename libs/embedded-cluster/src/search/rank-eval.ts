import { parsingError } from '../http/errors';

/** A rank-evaluation metric: its name, cut-off and how it scores one query's ranked, rated hits. */
export interface RankMetric {
  name: string;
  k: number;
  /** The score of one query and the metric's own details, from the ratings of its top hits (undefined = unrated). */
  evaluate(hits: (number | undefined)[], allRatings: number[]): { score: number; details: Record<string, unknown> };
}

const int = (v: unknown, name: string, d: number): number => {
  if (v === undefined) return d;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw parsingError(`[${name}] must be a non-negative integer, found [${String(v)}]`);
  return n;
};

const KNOWN = ['precision', 'recall', 'mean_reciprocal_rank', 'dcg', 'expected_reciprocal_rank'];

/** Parses `metric` (one of OpenSearch's five, as its RankEvalSpec reads them). */
export function parseMetric(spec: unknown): RankMetric {
  if (spec === null || typeof spec !== 'object' || Object.keys(spec).length !== 1) throw parsingError(`[metric] must name exactly one of [${KNOWN.join(', ')}]`);
  const [name, raw] = Object.entries(spec as Record<string, unknown>)[0];
  const o = (raw ?? {}) as Record<string, unknown>;
  const k = int(o.k, 'k', 10);
  const threshold = int(o.relevant_rating_threshold, 'relevant_rating_threshold', 1);
  const relevant = (r: number | undefined) => r !== undefined && r >= threshold;
  switch (name) {
    case 'precision': {
      const ignoreUnlabeled = o.ignore_unlabeled === true;
      return { name, k, evaluate: (hits) => {
        const retrieved = ignoreUnlabeled ? hits.filter((r) => r !== undefined).length : hits.length;
        const good = hits.filter(relevant).length;
        return { score: retrieved === 0 ? 0 : good / retrieved, details: { precision: { relevant_docs_retrieved: good, docs_retrieved: retrieved } } };
      } };
    }
    case 'recall':
      return { name, k, evaluate: (hits, all) => {
        const good = hits.filter(relevant).length;
        const total = all.filter(relevant).length;
        return { score: total === 0 ? 0 : good / total, details: { recall: { relevant_docs_retrieved: good, relevant_docs: total } } };
      } };
    case 'mean_reciprocal_rank':
      return { name, k, evaluate: (hits) => {
        const first = hits.findIndex(relevant);
        return { score: first < 0 ? 0 : 1 / (first + 1), details: { mean_reciprocal_rank: { first_relevant: first < 0 ? -1 : first + 1 } } };
      } };
    case 'dcg': {
      const normalize = o.normalize === true;
      const dcg = (ratings: number[]) => ratings.reduce((sum, r, i) => sum + (2 ** r - 1) / Math.log2(i + 2), 0);
      return { name, k, evaluate: (hits, all) => {
        const value = dcg(hits.map((r) => r ?? 0));
        const ideal = dcg([...all].sort((a, b) => b - a).slice(0, k));
        const unrated = hits.filter((r) => r === undefined).length;
        const score = normalize ? (ideal === 0 ? 0 : value / ideal) : value;
        return { score, details: { dcg: { dcg: value, ideal_dcg: ideal, normalized_dcg: ideal === 0 ? 0 : value / ideal, unrated_docs: unrated } } };
      } };
    }
    case 'expected_reciprocal_rank': {
      if (o.maximum_relevance === undefined) throw parsingError('[expected_reciprocal_rank] requires [maximum_relevance]');
      const max = int(o.maximum_relevance, 'maximum_relevance', 0);
      return { name, k, evaluate: (hits) => {
        let p = 1;
        let err = 0;
        hits.forEach((r, i) => {
          const rel = ((2 ** (r ?? 0)) - 1) / 2 ** max;
          err += (p * rel) / (i + 1);
          p *= 1 - rel;
        });
        return { score: err, details: { expected_reciprocal_rank: { unrated_docs: hits.filter((r) => r === undefined).length } } };
      } };
    }
    default:
      throw parsingError(`[rank_eval] unknown metric [${name}], expected one of [${KNOWN.join(', ')}]`);
  }
}
