import { toAppError } from '@ferry/core';
import { parsingError, validationFailed } from '../http/errors';
import { jsonOf, type Request } from '../http/request';
import { json, type Reply } from '../http/respond';
import type { Router } from '../http/router';
import type { ClusterNode } from '../node/cluster-node';
import { resolveQueryLookups } from './query-lookups';
import { parseMetric, type RankMetric } from './rank-eval';
import { parseSearchRequest } from './search-request';
import { searchTargets } from './targets';

interface Rated {
  id: string;
  request?: { query?: unknown; size?: number };
  ratings: { _index: string; _id: string; rating: number }[];
}

function parseRequests(raw: unknown): Rated[] {
  if (!Array.isArray(raw) || raw.length === 0) throw validationFailed('rank_eval requires at least one [requests] entry');
  return raw.map((r, i) => {
    const o = (r ?? {}) as Record<string, unknown>;
    if (typeof o.id !== 'string' && typeof o.id !== 'number') throw parsingError(`[requests][${i}] requires an [id]`);
    if (o.template_id !== undefined) throw parsingError('[rank_eval] search templates need scripting, which this cluster does not serve');
    if (!Array.isArray(o.ratings)) throw parsingError(`[requests][${i}] requires [ratings]`);
    const ratings = o.ratings.map((x) => {
      const d = (x ?? {}) as Record<string, unknown>;
      if (d._id === undefined || d._index === undefined || !Number.isInteger(d.rating)) throw parsingError('[ratings] entries require [_index], [_id] and an integer [rating]');
      return { _index: String(d._index), _id: String(d._id), rating: d.rating as number };
    });
    return { id: String(o.id), request: o.request as Rated['request'], ratings };
  });
}

/** One rated request: its top k hits, each with its rating, and the metric's score. */
function evaluate(node: ClusterNode, options: { index?: string; q: URLSearchParams; rated: Rated; metric: RankMetric }) {
  const { rated, metric } = options;
  const sreq = parseSearchRequest({ query: rated.request?.query }, new URLSearchParams());
  sreq.query = resolveQueryLookups(node, sreq.query);
  sreq.size = metric.k;
  sreq.source = { enabled: false, includes: [], excludes: [] };
  const outcome = node.searcher.search(searchTargets(node, options.index, options.q), sreq);
  const byKey = new Map(rated.ratings.map((r) => [`${r._index}\u0000${r._id}`, r.rating]));
  const hits = outcome.hits.map((h) => JSON.parse(h) as { _index: string; _id: string; _score: number });
  const ratings = hits.map((h) => byKey.get(`${h._index}\u0000${h._id}`));
  const { score, details } = metric.evaluate(ratings, rated.ratings.map((r) => r.rating));
  return {
    metric_score: score,
    unrated_docs: hits.filter((_, i) => ratings[i] === undefined).map((h) => ({ _index: h._index, _id: h._id })),
    hits: hits.map((h, i) => ({ hit: { _index: h._index, _id: h._id, _score: h._score }, ...(ratings[i] === undefined ? {} : { rating: ratings[i] }) })),
    metric_details: details,
  };
}

/**
 * `_rank_eval`: runs each rated request's query over the target indices, rates its top `k` hits and scores
 * them by the metric (precision, recall, mean_reciprocal_rank, dcg, expected_reciprocal_rank); the overall score
 * is the mean over the requests that ran. A request that fails goes to `failures` under its id.
 */
function rankEval(node: ClusterNode, req: Request, index?: string): Reply {
  const body = jsonOf(req) ?? {};
  const metric = parseMetric(body.metric ?? { dcg: {} });
  const requests = parseRequests(body.requests);
  const details: Record<string, unknown> = {};
  const failures: Record<string, unknown> = {};
  const scores: number[] = [];
  for (const rated of requests) {
    try {
      const d = evaluate(node, { index, q: req.query, rated, metric });
      details[rated.id] = d;
      scores.push(d.metric_score);
    } catch (err) {
      const e = toAppError(err);
      if (e.status >= 500) throw err;
      failures[rated.id] = { error: { type: e.type ?? 'exception', reason: e.message } };
    }
  }
  return json({ metric_score: scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : 0, details, failures });
}

/** `_rank_eval` on all or some indices. */
export function registerRankEvalRoutes(router: Router, node: ClusterNode): void {
  router.add(['GET', 'POST'], '/_rank_eval', (req) => rankEval(node, req));
  router.add(['GET', 'POST'], '/{index}/_rank_eval', (req, p) => rankEval(node, req, p.index));
}
