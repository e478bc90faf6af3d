import { indexClosed, validationFailed } from '../http/errors';
import { jsonOf, type Request } from '../http/request';
import { json, type Reply } from '../http/respond';
import type { Router } from '../http/router';
import type { ClusterNode } from '../node/cluster-node';
import { shardForDoc } from '../documents/shard-for-doc';
import { single, compileQuery } from './query';
import { resolveQueryLookups } from './query-lookups';
import { parseSearchRequest } from './search-request';
import { filterSource, parseSourceFilter } from './source-filter';
import { shardRows } from './fields';

/** Whether the request asks for the document's source back (`get` in the answer), as OpenSearch's explain does. */
function wantsSource(q: URLSearchParams): boolean {
  return q.has('_source') || q.has('_source_includes') || q.has('_source_excludes') || q.has('stored_fields');
}

/**
 * `_explain/{id}`: runs the query against one document at the shard's refresh point, as a search would see it.
 * The score is this node's (no Lucene BM25 breakdown exists here), so the explanation is one node that names the
 * query type and gives the score, with a child per top-level clause of a bool query.
 */
function explain(node: ClusterNode, req: Request, index: string, id: string): Reply {
  const body = jsonOf(req) ?? {};
  if (body.query === undefined && !req.query.has('q')) throw validationFailed('query is missing');
  const sreq = parseSearchRequest({ query: body.query }, req.query);
  const [meta] = node.resolve(index, {});
  if (!meta) return json({ _index: index, _id: id, matched: false }, 404);
  if (meta.state === 'close') throw indexClosed(meta.name, meta.uuid);
  const query = resolveQueryLookups(node, sreq.query);
  const compiled = compileQuery(query, meta);
  const shard = shardForDoc(meta, id, req.query.get('routing') ?? undefined);
  const row = node.store.visibleById({ idx: meta.num, shard, id, point: meta.shards[shard].refreshed });
  if (!row || row.source === null) return json({ _index: meta.name, _id: id, matched: false }, 404);
  const score = compiled.match({ meta, row, shard: shardRows(node.store, { meta, shard, point: meta.shards[shard].refreshed }) });
  const [type, clause] = query === undefined ? ['match_all', {}] : single(query);
  const explanation = score === null
    ? { value: 0, description: `no match on required clause (${type})`, details: [] }
    : { value: score, description: `${type} query score`, details: details(type, clause) };
  const out: Record<string, unknown> = { _index: meta.name, _id: id, matched: score !== null, explanation };
  if (wantsSource(req.query)) {
    const filter = parseSourceFilter(undefined, req.query);
    const source = JSON.parse(row.source) as Record<string, unknown>;
    out.get = { _seq_no: row.seq, _primary_term: row.term, found: true, ...(filter.enabled ? { _source: filterSource(source, filter) } : {}) };
  }
  return json(out);
}

/** The clauses of a bool query as child explanations (their kind only: scores are not split per clause). */
function details(type: string, clause: Record<string, unknown>): { value: number; description: string; details: [] }[] {
  if (type !== 'bool') return [];
  return ['must', 'filter', 'should', 'must_not'].flatMap((occur) => {
    const list = clause[occur] === undefined ? [] : Array.isArray(clause[occur]) ? (clause[occur] as unknown[]) : [clause[occur]];
    return list.map((q) => ({ value: 0, description: `${occur} clause: ${single(q)[0]}`, details: [] as [] }));
  });
}

/** `GET|POST /{index}/_explain/{id}`. */
export function registerExplainRoutes(router: Router, node: ClusterNode): void {
  router.add(['GET', 'POST'], '/{index}/_explain/{id}', (req, p) => explain(node, req, p.index, p.id));
}
