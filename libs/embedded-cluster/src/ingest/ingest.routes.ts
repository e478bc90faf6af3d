import { AppError, toAppError } from '@ferry/core';
import { jsonOf } from '../http/request';
import { json, type Reply } from '../http/respond';
import type { Router } from '../http/router';
import { wildcardMatcher } from '../indices/wildcard';
import type { ClusterNode } from '../node/cluster-node';
import { isMap } from '../scripting/painless-values';
import { type IngestPipeline, runIngestPipeline } from './ingest-pipelines';

/** `GET _ingest/pipeline[/{ids}]`: comma-separated names and `*` patterns; nothing matched is a 404 `{}`. */
function getPipelines(node: ClusterNode, ids?: string): Reply {
  const patterns = (ids ?? '*').split(',').map((p) => wildcardMatcher(p.trim()));
  const names = node.ingestPipelines.names().filter((n) => patterns.some((p) => p.test(n)));
  if (names.length === 0 && ids !== undefined) return json({}, 404);
  return json(Object.fromEntries(names.map((n) => [n, node.ingestPipelines.definition(n)])));
}

/** `_simulate`: each of `docs` through the named or the inline pipeline, a failure reported per document. */
function simulate(node: ClusterNode, body: Record<string, unknown> | undefined, id?: string): Reply {
  const b = body ?? {};
  if (b.verbose === true) throw new AppError(400, 'verbose simulation is not supported by the embedded cluster', { type: 'illegal_argument_exception' });
  if (!Array.isArray(b.docs)) throw new AppError(400, '[docs] required property is missing', { type: 'parse_exception' });
  if (id === undefined && b.pipeline === undefined) throw new AppError(400, '[pipeline] required property is missing', { type: 'parse_exception' });
  const pipeline: IngestPipeline = id !== undefined ? node.ingestPipelines.pipeline(id) : node.ingestPipelines.build(b.pipeline);
  const docs = b.docs.map((d: unknown) => {
    if (!isMap(d) || !isMap(d._source)) throw new AppError(400, '[_source] required property is missing', { type: 'parse_exception' });
    const doc: Record<string, unknown> = { ...structuredClone(d._source), _index: d._index ?? '_index', _id: d._id ?? '_id', _routing: d._routing ?? null };
    try {
      const out = runIngestPipeline(pipeline, doc);
      if (out.dropped) return null;
      const { _index, _id, _routing, ...source } = doc;
      return { doc: { _index, _id, ...(_routing !== null ? { _routing } : {}), _source: source, _ingest: { timestamp: new Date().toISOString() } } };
    } catch (err) {
      const e = toAppError(err);
      const cause = { type: e.type ?? 'exception', reason: e.message, ...(e.fields ?? {}) };
      return { error: { root_cause: [cause], ...cause } };
    }
  });
  return json({ docs });
}

/** `_ingest/pipeline` CRUD and `_simulate`. */
export function registerIngestRoutes(router: Router, node: ClusterNode): void {
  router.add('GET', '/_ingest/pipeline', () => getPipelines(node));
  router.add(['GET', 'POST'], '/_ingest/pipeline/_simulate', (req) => simulate(node, jsonOf(req)));
  router.add(['GET', 'POST'], '/_ingest/pipeline/{id}/_simulate', (req, p) => simulate(node, jsonOf(req), p.id));
  router.add('GET', '/_ingest/pipeline/{id}', (_req, p) => getPipelines(node, p.id));
  router.add('PUT', '/_ingest/pipeline/{id}', (req, p) => {
    const body = jsonOf(req);
    if (body === undefined) throw new AppError(400, 'request body is required', { type: 'parse_exception' });
    node.ingestPipelines.put(p.id, body);
    return json({ acknowledged: true });
  });
  router.add('DELETE', '/_ingest/pipeline/{id}', (_req, p) => {
    if (!node.ingestPipelines.delete(p.id)) throw new AppError(404, `pipeline [${p.id}] is missing`, { type: 'resource_not_found_exception' });
    return json({ acknowledged: true });
  });
}
