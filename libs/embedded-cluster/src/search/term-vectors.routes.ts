import { toAppError } from '@ferry/core';
import { shardForDoc } from '../documents/shard-for-doc';
import { indexClosed, indexNotFound, parsingError, validationFailed } from '../http/errors';
import { jsonOf, type Request } from '../http/request';
import { json, type Reply } from '../http/respond';
import type { Router } from '../http/router';
import type { ClusterNode } from '../node/cluster-node';
import { termVectors, type TermVectorOptions } from './term-vectors';

type Spec = Record<string, unknown>;

function flag(spec: Spec, q: URLSearchParams, name: string, fallback: boolean): boolean {
  const v = spec[name] ?? q.get(name) ?? undefined;
  return v === undefined ? fallback : v === true || v === 'true';
}

function optionsOf(spec: Spec, q: URLSearchParams): TermVectorOptions {
  const rawFields = spec.fields ?? q.get('fields') ?? undefined;
  const fields = rawFields === undefined ? undefined : Array.isArray(rawFields) ? rawFields.map(String) : String(rawFields).split(',').map((s) => s.trim());
  if (spec.filter !== undefined && (spec.filter === null || typeof spec.filter !== 'object')) throw parsingError('[filter] must be an object');
  return {
    fields,
    positions: flag(spec, q, 'positions', true),
    offsets: flag(spec, q, 'offsets', true),
    termStatistics: flag(spec, q, 'term_statistics', false),
    fieldStatistics: flag(spec, q, 'field_statistics', true),
    filter: spec.filter as Record<string, unknown> | undefined,
  };
}

/** One term-vectors answer: a stored document by id (realtime unless `realtime=false`) or an artificial `doc`. */
function one(node: ClusterNode, options: { index: string; id?: string; spec: Spec; q: URLSearchParams }): Record<string, unknown> {
  const started = Date.now();
  const { spec, q } = options;
  const [meta] = node.resolve(options.index, {});
  if (!meta) throw indexNotFound(options.index);
  if (meta.state === 'close') throw indexClosed(meta.name, meta.uuid);
  const request = optionsOf(spec, q);
  const routing = (spec.routing ?? q.get('routing') ?? undefined) as string | undefined;
  if (spec.doc !== undefined) {
    if (spec.doc === null || typeof spec.doc !== 'object' || Array.isArray(spec.doc)) throw parsingError('[doc] must be an object');
    // An artificial document is analysed on the shard its routing (or none) names: statistics come from there.
    const shard = shardForDoc(meta, options.id ?? '', routing);
    const term_vectors = termVectors({ node, meta, shard, source: spec.doc as Record<string, unknown>, artificial: true, request });
    return { _index: meta.name, ...(options.id ? { _id: options.id } : {}), _version: 0, found: true, took: Date.now() - started, term_vectors };
  }
  if (options.id === undefined) throw validationFailed('id or doc is missing');
  const shard = shardForDoc(meta, options.id, routing);
  const realtime = (spec.realtime ?? q.get('realtime')) !== false && q.get('realtime') !== 'false';
  const row = realtime ? node.store.latest(meta.num, shard, options.id) : node.store.visibleById({ idx: meta.num, shard, id: options.id, point: meta.shards[shard].refreshed });
  const took = () => Date.now() - started;
  if (!row || ('deleted' in row && row.deleted === 1) || row.source === null) return { _index: meta.name, _id: options.id, _version: 0, found: false, took: took() };
  const term_vectors = termVectors({ node, meta, shard, source: JSON.parse(row.source) as Record<string, unknown>, artificial: false, request });
  return { _index: meta.name, _id: options.id, _version: row.version, found: true, took: took(), term_vectors };
}

function single(node: ClusterNode, req: Request, index: string, id?: string): Reply {
  return json(one(node, { index, id, spec: jsonOf(req) ?? {}, q: req.query }));
}

/** `_mtermvectors`: `docs` (each with its own `_index`, `_id` or `doc`) or `ids` on the path's index; errors per entry. */
function multi(node: ClusterNode, req: Request, index?: string): Reply {
  const body = jsonOf(req) ?? {};
  const idsParam = req.query.get('ids');
  const docs: Spec[] = Array.isArray(body.docs)
    ? (body.docs as Spec[])
    : Array.isArray(body.ids)
      ? (body.ids as unknown[]).map((id) => ({ _id: id }))
      : idsParam
        ? idsParam.split(',').map((id) => ({ _id: id }))
        : [];
  if (docs.length === 0) throw validationFailed('multi term vectors: no documents requested');
  const out = docs.map((d) => {
    const target = (d._index ?? index) as string | undefined;
    const id = d._id === undefined ? undefined : String(d._id);
    if (!target) return { _id: id, error: { type: 'action_request_validation_exception', reason: 'Validation Failed: 1: index is missing;' } };
    try {
      const { _index: _i, _id: _d, ...spec } = d;
      return one(node, { index: target, id, spec, q: req.query });
    } catch (err) {
      const e = toAppError(err);
      return { _index: target, _id: id, error: { type: e.type ?? 'exception', reason: e.message } };
    }
  });
  return json({ docs: out });
}

/** `_termvectors` and `_mtermvectors`. */
export function registerTermVectorRoutes(router: Router, node: ClusterNode): void {
  router.add(['GET', 'POST'], '/_mtermvectors', (req) => multi(node, req));
  router.add(['GET', 'POST'], '/{index}/_mtermvectors', (req, p) => multi(node, req, p.index));
  router.add(['GET', 'POST'], '/{index}/_termvectors', (req, p) => single(node, req, p.index));
  router.add(['GET', 'POST'], '/{index}/_termvectors/{id}', (req, p) => single(node, req, p.index, p.id));
}
