import type { ServerResponse } from 'node:http';
import type { PassThroughRequest } from '@ferry/core';
import { parseJsonBody, sendJson } from '../http/answer';
import { pushRefusal, PUSH_REFUSAL_TYPE } from './bulk-split';
import type { GuardContext } from './push-write-guard';

// Query parameters of a by-query request that shape its search.
const SEARCH_PARAMS = ['q', 'df', 'analyzer', 'analyze_wildcard', 'default_operator', 'lenient', 'routing', 'preference', 'ignore_unavailable', 'allow_no_indices', 'expand_wildcards'];

interface Hit {
  _index: string;
  _id: string;
}

function searchQuery(req: PassThroughRequest, size: number): Record<string, string> {
  const out: Record<string, string> = { size: String(size), track_total_hits: 'true' };
  for (const p of SEARCH_PARAMS) {
    const v = req.query.get(p);
    if (v !== null) out[p] = v;
  }
  return out;
}

function limit(text: string | null | undefined | number, fallback: number): number {
  const n = Number(text);
  return text === null || text === undefined || !Number.isFinite(n) || n <= 0 ? fallback : n;
}

/**
 * `_delete_by_query` / `_update_by_query` over an expression that reaches an ingestion index: when the
 * ingestion indices hold matching documents, OpenSearch's first bulk batch fails on them and the run
 * aborts, answering with the highest failure status (400) and one failure per document of that batch.
 * Ferry answers the same without writing anything (documented). No match: the request goes on.
 */
export async function guardByQuery(ctx: GuardContext, req: PassThroughRequest, res: ServerResponse): Promise<boolean> {
  const [expression, endpoint] = req.segments;
  const hit = await ctx.targets.readTargets(expression);
  if (hit.length === 0) return false;
  const body = parseJsonBody(await req.body());
  if (!body) return false;
  const maxDocs = limit((req.query.get('max_docs') ?? body.max_docs) as string | number | null | undefined, Number.MAX_SAFE_INTEGER);
  const size = Math.min(limit(req.query.get('scroll_size'), 1000), maxDocs);
  const started = Date.now();
  const search = await ctx.local.call('POST', `/${hit.map(encodeURIComponent).join(',')}/_search`, searchQuery(req, size), {
    ...(body.query ? { query: body.query } : {}),
    _source: false,
    sort: ['_doc'],
  });
  if (search.status >= 300) return false;
  const hits = (search.body as { hits?: { total?: { value?: number }; hits?: Hit[] } }).hits;
  const batch = hits?.hits ?? [];
  if (batch.length === 0) return false;
  const reason = pushRefusal(endpoint === '_delete_by_query' ? 'delete' : 'index');
  const failures = batch.map((h) => ({ index: h._index, id: h._id, cause: { type: PUSH_REFUSAL_TYPE, reason }, status: 400 }));
  const counters = endpoint === '_delete_by_query' ? { deleted: 0 } : { updated: 0, deleted: 0 };
  sendJson(res, 400, {
    took: Date.now() - started,
    timed_out: false,
    total: Math.min(hits?.total?.value ?? batch.length, maxDocs),
    ...counters,
    batches: 1,
    version_conflicts: 0,
    noops: 0,
    retries: { bulk: 0, search: 0 },
    throttled_millis: 0,
    requests_per_second: -1,
    throttled_until_millis: 0,
    failures,
  });
  return true;
}
