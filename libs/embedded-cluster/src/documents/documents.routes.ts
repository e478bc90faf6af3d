import { AppError } from '@ferry/core';
import { illegalArgument } from '../http/errors';

import { intParam, jsonOf, type Request } from '../http/request';
import { json, type Reply } from '../http/respond';
import type { Router } from '../http/router';
import type { ClusterNode } from '../node/cluster-node';
import { parseSourceFilter } from '../search/source-filter';
import { runBulk } from './bulk';
import { getDocument } from './get';
import { applyUpdate } from './update';
import type { VersionType } from './versioning';
import type { WriteOp } from './write-ops';

function conditionsOf(q: URLSearchParams): Pick<WriteOp, 'version' | 'versionType' | 'ifSeqNo' | 'ifPrimaryTerm' | 'routing'> {
  return {
    version: intParam(q, 'version'),
    versionType: (q.get('version_type') ?? undefined) as VersionType | undefined,
    ifSeqNo: intParam(q, 'if_seq_no'),
    ifPrimaryTerm: intParam(q, 'if_primary_term'),
    routing: q.get('routing') ?? undefined,
  };
}

function single(node: ClusterNode, op: WriteOp, req: Request): Reply {
  const [result] = node.write([op], req.query.get('refresh'));
  if (result.error) throw result.error;
  return json(result.item, result.status);
}

function indexDoc(node: ClusterNode, req: Request, p: Record<string, string>, create: boolean): Reply {
  const opType = req.query.get('op_type');
  const isCreate = create || opType === 'create';
  const source = req.body.toString('utf8');
  if (source.trim() === '') throw new AppError(400, 'Validation Failed: 1: source is missing;', { type: 'action_request_validation_exception' });
  return single(node, { action: isCreate ? 'create' : 'index', create: isCreate, index: p.index, id: p.id, source, pipeline: req.query.get('pipeline') ?? undefined, ...conditionsOf(req.query) }, req);
}

/** Single-document APIs, `_update`, `_mget` and `_bulk`. */
export function registerDocumentRoutes(router: Router, node: ClusterNode): void {
  router.add(['PUT', 'POST'], '/{index}/_doc/{id}', (req, p) => indexDoc(node, req, p, false));
  router.add('POST', '/{index}/_doc', (req, p) => indexDoc(node, req, p, false));
  router.add(['PUT', 'POST'], '/{index}/_create/{id}', (req, p) => indexDoc(node, req, p, true));
  router.add('GET', '/{index}/_doc/{id}', (req, p) => getDocument(node, { index: p.index, id: p.id, query: req.query }));
  router.add('GET', '/{index}/_source/{id}', (req, p) => {
    const r = getDocument(node, { index: p.index, id: p.id, query: req.query });
    if (r.status === 404) throw new AppError(404, `Document not found [${p.index}]/[${p.id}]`, { type: 'resource_not_found_exception' });
    // getDocument answers found documents as JSON text (the stored source spliced in verbatim).
    const found = (typeof r.body === 'string' ? JSON.parse(r.body) : r.body) as { _source?: unknown };
    return json(found._source ?? {});
  });
  router.add('DELETE', '/{index}/_doc/{id}', (req, p) => single(node, { action: 'delete', index: p.index, id: p.id, ...conditionsOf(req.query) }, req));
  router.add('POST', '/{index}/_update/{id}', (req, p) => {
    const c = conditionsOf(req.query);
    const r = applyUpdate(node, { index: p.index, id: p.id, routing: c.routing, body: jsonOf(req) ?? {}, ifSeqNo: c.ifSeqNo, ifPrimaryTerm: c.ifPrimaryTerm, refresh: req.query.get('refresh') });
    if (r.error) throw r.error;
    return json(r.item, r.status);
  });
  router.add(['GET', 'POST'], '/_mget', (req) => mget(node, req));
  router.add(['GET', 'POST'], '/{index}/_mget', (req, p) => mget(node, req, p.index));
  router.add(['POST', 'PUT'], '/_bulk', (req) => runBulk(node, req));
  router.add(['POST', 'PUT'], '/{index}/_bulk', (req, p) => runBulk(node, req, p.index));
}

function mget(node: ClusterNode, req: Request, index?: string): Reply {
  const body = jsonOf(req) ?? {};
  const docs: Record<string, unknown>[] | undefined = Array.isArray(body.docs)
    ? (body.docs as Record<string, unknown>[])
    : Array.isArray(body.ids)
      ? (body.ids as unknown[]).map((id): Record<string, unknown> => ({ _id: id }))
      : undefined;
  if (!docs) throw new AppError(400, 'Validation Failed: 1: no documents to get;', { type: 'action_request_validation_exception' });
  // OpenSearch's MultiGetRequest parser refuses the whole request for a `docs` entry that is not an object.
  if (Array.isArray(body.docs) && docs.some((d) => d === null || typeof d !== 'object' || Array.isArray(d))) {
    throw illegalArgument('docs array element should include an object');
  }
  const out = docs.map((d) => {
    const name = d._index === undefined || d._index === null ? index : String(d._index);
    if (!name) return { _index: null, _id: d._id, error: { root_cause: [], type: 'action_request_validation_exception', reason: 'index is missing' } };
    try {
      const q = new URLSearchParams(req.query);
      if (d.routing ?? d._routing) q.set('routing', String(d.routing ?? d._routing));
      const filter = d._source === undefined ? undefined : parseSourceFilter(d._source);
      return getDocument(node, { index: name, id: String(d._id), query: q, filter }).body;
    } catch (err) {
      const e = err as AppError;
      const cause = { type: e.type ?? 'exception', reason: e.message, ...(e.fields ?? {}) };
      return { _index: name, _id: String(d._id), error: { root_cause: [cause], ...cause } };
    }
  });
  // Found documents come back as JSON text (their stored _source spliced in); embed them verbatim.
  return { status: 200, body: `{"docs":[${out.map((d) => (typeof d === 'string' ? d : JSON.stringify(d))).join(',')}]}` };
}
