import { AppError } from '@ferry/core';
import { illegalArgument } from '../http/errors';
import { jsonOf, type Request } from '../http/request';
import { json, type Reply } from '../http/respond';
import type { Router } from '../http/router';
import { parseTimeValue } from '../indices/index-meta';
import type { ClusterNode } from '../node/cluster-node';
import type { ReaderContext } from '../node/context-store';
import { withSearchPipeline } from '../search-pipeline/apply-pipeline';
import { parseSearchRequest, type SearchRequest } from './search-request';
import type { SearchOutcome, ShardTarget } from './search-service';
import { preferredShards, searchTargets } from './targets';
import { resolveQueryLookups } from './query-lookups';

/** How a search answer is framed: when it started, extra top-level fields, `rest_total_hits_as_int`. */
interface Frame {
  started: number;
  extra?: Record<string, unknown>;
  totalAsInt?: boolean;
}

const frameOf = (req: Request, started: number, extra?: Record<string, unknown>): Frame => ({ started, extra, totalAsInt: req.query.get('rest_total_hits_as_int') === 'true' });

function envelope(outcome: SearchOutcome, frame: Frame): string {
  const { started, extra = {} } = frame;
  const shards = { total: outcome.shards, successful: outcome.shards, skipped: 0, failed: 0 };
  const head = JSON.stringify({ took: Date.now() - started, timed_out: false, ...extra, _shards: shards }).slice(0, -1);
  const totalValue = frame.totalAsInt ? outcome.total : { value: outcome.total, relation: outcome.relation };
  const total = outcome.totalTracked === false ? '' : `"total":${JSON.stringify(totalValue)},`;
  const aggs = outcome.aggregations ? `,"aggregations":${JSON.stringify(outcome.aggregations)}` : '';
  return `${head},"hits":{${total}"max_score":${JSON.stringify(outcome.maxScore)},"hits":[${outcome.hits.join(',')}]}${aggs}}`;
}

function pitTargets(node: ClusterNode, ctx: ReaderContext, q: URLSearchParams): ShardTarget[] {
  const only = preferredShards(q.get('preference'));
  const out: ShardTarget[] = [];
  for (const p of ctx.shards) {
    const meta = node.registry.get(p.index);
    if (!meta || meta.uuid !== p.uuid) continue;
    if (!only || only.has(p.shard)) out.push({ meta, shard: p.shard, point: p.point });
  }
  return out;
}

function countQueries(targets: ShardTarget[]): void {
  for (const t of targets) t.meta.shards[t.shard].queryTotal++;
}

/**
 * One `_search` (also a sub-search of `_msearch` and a search template): stored scripts inlined, then through
 * its search pipeline if it has one.
 */
export function runSearch(node: ClusterNode, req: Request, index?: string): Reply {
  const body = node.scripts.inlineStoredScripts(jsonOf(req));
  return withSearchPipeline({ node, query: req.query, body, index, run: (b) => searchBody(node, req, b, index) });
}

/** A search of a parsed body: PIT, scroll or plain, answered as JSON text. */
function searchBody(node: ClusterNode, req: Request, body: Record<string, unknown> | undefined, index?: string): Reply {
  const started = Date.now();
  const pit = body?.pit as { id?: string; keep_alive?: string } | undefined;
  if (pit) delete body!.pit;
  const sreq = parseSearchRequest(body, req.query);
  sreq.query = resolveQueryLookups(node, sreq.query);
  if (pit) {
    if (index) throw new AppError(400, 'Validation Failed: 1: [indices] cannot be used with point in time. Do not specify any index with point in time.;', { type: 'action_request_validation_exception' });
    const ctx = node.contexts.get(String(pit.id), 'pit');
    if (!ctx) throw new AppError(404, `No search context found for id [${pit.id}]`, { type: 'search_context_missing_exception' });
    node.contexts.touch(ctx, pit.keep_alive ? parseTimeValue(pit.keep_alive, 'keep_alive') : undefined);
    const targets = pitTargets(node, ctx, req.query);
    countQueries(targets);
    return { status: 200, body: envelope(run(node, targets, sreq), frameOf(req, started, { pit_id: ctx.id })) };
  }
  const targets = searchTargets(node, index, req.query);
  countQueries(targets);
  const scroll = req.query.get('scroll');
  if (scroll) {
    const ctx = node.contexts.open({ kind: 'scroll', shards: pinned(targets), keepAliveMs: parseTimeValue(scroll, 'scroll'), request: sreq });
    return scrollPage(node, ctx, frameOf(req, started));
  }
  return { status: 200, body: envelope(run(node, targets, sreq), frameOf(req, started)) };
}

function run(node: ClusterNode, targets: ShardTarget[], sreq: SearchRequest): SearchOutcome {
  const outcome = node.searcher.search(targets, sreq);
  return { ...outcome, totalTracked: sreq.trackLimit !== 0 };
}

function pinned(targets: ShardTarget[]) {
  return targets.map((t) => ({ index: t.meta.name, uuid: t.meta.uuid, shard: t.shard, point: t.point }));
}

/**
 * One scroll page. The first counts the total exactly (OpenSearch ignores track_total_hits under scroll) and
 * aggregates; later pages resume after the previous page's last hit, so a page costs the same however deep.
 */
function scrollPage(node: ClusterNode, ctx: ReaderContext, frame: Frame): Reply {
  const base = ctx.request!;
  const targets = pitTargets(node, ctx, new URLSearchParams());
  const sort = base.sort ?? [{ field: '_doc', desc: false, missingFirst: false }];
  const first = ctx.total === undefined;
  const page: SearchRequest = first
    ? { ...base, sort, trackLimit: Infinity }
    : { ...base, sort, from: 0, trackLimit: 0, aggs: undefined, searchAfter: undefined, cursor: ctx.cursor };
  const outcome = node.searcher.search(targets, page);
  if (first) ctx.total = outcome.total;
  ctx.cursor = outcome.last;
  const shown = { ...outcome, total: ctx.total!, relation: 'eq' as const, totalTracked: true };
  return { status: 200, body: envelope(shown, { ...frame, extra: { _scroll_id: ctx.id } }) };
}

function continueScroll(node: ClusterNode, req: Request, idParam?: string): Reply {
  const body = jsonOf(req) ?? {};
  const id = idParam ?? (body.scroll_id as string | undefined) ?? req.query.get('scroll_id') ?? undefined;
  if (!id) throw new AppError(400, 'Validation Failed: 1: scrollId is missing;', { type: 'action_request_validation_exception' });
  const ctx = node.contexts.get(id, 'scroll');
  if (!ctx) throw new AppError(404, `No search context found for id [${id}]`, { type: 'search_context_missing_exception' });
  const keep = (body.scroll as string | undefined) ?? req.query.get('scroll') ?? undefined;
  node.contexts.touch(ctx, keep ? parseTimeValue(keep, 'scroll') : undefined);
  return scrollPage(node, ctx, frameOf(req, Date.now()));
}

function clearScroll(node: ClusterNode, req: Request, idParam?: string): Reply {
  const body = jsonOf(req) ?? {};
  const raw = idParam ?? body.scroll_id;
  const ids = raw === '_all' ? node.contexts.clear('scroll') : (Array.isArray(raw) ? raw : raw ? String(raw).split(',') : []).map(String);
  let freed = raw === '_all' ? ids.length : 0;
  if (raw !== '_all') for (const id of ids) if (node.contexts.delete(id)) freed++;
  return json({ succeeded: true, num_freed: freed }, freed > 0 || ids.length === 0 ? 200 : 404);
}

function count(node: ClusterNode, req: Request, index?: string): Reply {
  const body = jsonOf(req) ?? {};
  for (const k of Object.keys(body)) if (k !== 'query') throw new AppError(400, `request does not support [${k}]`, { type: 'parsing_exception' });
  const targets = searchTargets(node, index, req.query);
  const sreq = parseSearchRequest({ query: body.query, size: 0 }, withoutPaging(req.query));
  const outcome = node.searcher.search(targets, { ...sreq, trackLimit: Infinity });
  return json({ count: outcome.total, _shards: { total: targets.length, successful: targets.length, skipped: 0, failed: 0 } });
}

function withoutPaging(q: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams(q);
  for (const k of ['from', 'size', 'sort', 'track_total_hits']) out.delete(k);
  return out;
}

function createPit(node: ClusterNode, req: Request, index: string): Reply {
  const keep = req.query.get('keep_alive');
  if (!keep) throw new AppError(400, 'Validation Failed: 1: keep alive not specified;', { type: 'action_request_validation_exception' });
  const targets = searchTargets(node, index, req.query);
  const ctx = node.contexts.open({ kind: 'pit', shards: pinned(targets), keepAliveMs: parseTimeValue(keep, 'keep_alive') });
  return json({ pit_id: ctx.id, _shards: { total: targets.length, successful: targets.length, skipped: 0, failed: 0 }, creation_time: ctx.created });
}

function deletePits(node: ClusterNode, req: Request): Reply {
  const body = jsonOf(req) ?? {};
  const raw = body.pit_id;
  if (raw === undefined) throw illegalArgument('pit_id is required');
  // OpenSearch's DeletePitRequest takes only simple values; anything else is refused before it is read.
  if (Array.isArray(raw) ? raw.some((v) => v !== null && typeof v === 'object') : raw !== null && typeof raw === 'object') {
    throw illegalArgument(Array.isArray(raw) ? 'pit_id array element should only contain pit_id' : 'pit_id element should only contain pit_id');
  }
  const ids = (Array.isArray(raw) ? raw : [raw]).map(String);
  return json({ pits: ids.map((id) => ({ pit_id: id, successful: node.contexts.delete(id) })) });
}

/** `_search`, `_count`, point-in-time and scroll. */
export function registerSearchRoutes(router: Router, node: ClusterNode): void {
  router.add(['GET', 'POST'], '/_search', (req) => runSearch(node, req));
  router.add(['GET', 'POST'], '/{index}/_search', (req, p) => runSearch(node, req, p.index));
  router.add(['GET', 'POST'], '/_count', (req) => count(node, req));
  router.add(['GET', 'POST'], '/{index}/_count', (req, p) => count(node, req, p.index));
  router.add('POST', '/{index}/_search/point_in_time', (req, p) => createPit(node, req, p.index));
  router.add('DELETE', '/_search/point_in_time', (req) => deletePits(node, req));
  router.add('DELETE', '/_search/point_in_time/_all', () =>
    json({ pits: node.contexts.clear('pit').map((id) => ({ pit_id: id, successful: true })) }),
  );
  router.add('GET', '/_search/point_in_time/_all', () =>
    json({ pits: node.contexts.list('pit').map((c) => ({ pit_id: c.id, creation_time: c.created, keep_alive: c.keepAliveMs })) }),
  );
  router.add(['GET', 'POST'], '/_search/scroll', (req) => continueScroll(node, req));
  router.add(['GET', 'POST'], '/_search/scroll/{id}', (req, p) => continueScroll(node, req, p.id));
  router.add('DELETE', '/_search/scroll', (req) => clearScroll(node, req));
  router.add('DELETE', '/_search/scroll/{id}', (req, p) => clearScroll(node, req, p.id));
}
