import { AppError, toAppError } from '@ferry/core';
import { jsonOf, type Request } from '../http/request';
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

function simulatedDoc(doc: Record<string, unknown>): Record<string, unknown> {
  const { _index, _id, _routing, ...source } = structuredClone(doc);
  return { _index, _id, ...(_routing !== null ? { _routing } : {}), _source: source, _ingest: { timestamp: new Date().toISOString() } };
}

function errorOf(err: unknown): Record<string, unknown> {
  const e = toAppError(err);
  const cause = { type: e.type ?? 'exception', reason: e.message, ...(e.fields ?? {}) };
  return { root_cause: [cause], ...cause };
}

/** One document through the pipeline: its result, or with `verbose` each processor's result in turn. */
function simulateOne(pipeline: IngestPipeline, doc: Record<string, unknown>, verbose: boolean): unknown {
  if (!verbose) {
    try {
      return runIngestPipeline(pipeline, doc).dropped ? null : { doc: simulatedDoc(doc) };
    } catch (err) {
      return { error: errorOf(err) };
    }
  }
  const results: unknown[] = [];
  for (const proc of pipeline.processors) {
    const at = { processor_type: proc.type, ...(proc.tag ? { tag: proc.tag } : {}) };
    try {
      if (proc.run(doc) === 'drop') {
        results.push({ ...at, status: 'dropped' });
        break;
      }
      results.push({ ...at, status: 'success', doc: simulatedDoc(doc) });
    } catch (err) {
      results.push({ ...at, status: 'error', error: errorOf(err) });
      break;
    }
  }
  return { processor_results: results };
}

/** `_simulate`: each of `docs` through the named or the inline pipeline, a failure reported per document. */
function simulate(node: ClusterNode, req: Request, id?: string): Reply {
  const b = jsonOf(req) ?? {};
  const verbose = req.query.get('verbose') === 'true' || b.verbose === true;
  if (!Array.isArray(b.docs)) throw new AppError(400, '[docs] required property is missing', { type: 'parse_exception' });
  if (id === undefined && b.pipeline === undefined) throw new AppError(400, '[pipeline] required property is missing', { type: 'parse_exception' });
  const pipeline: IngestPipeline = id !== undefined ? node.ingestPipelines.pipeline(id) : node.ingestPipelines.build(b.pipeline);
  const docs = b.docs.map((d: unknown) => {
    if (!isMap(d) || !isMap(d._source)) throw new AppError(400, '[_source] required property is missing', { type: 'parse_exception' });
    const doc: Record<string, unknown> = { ...structuredClone(d._source), _index: d._index ?? '_index', _id: d._id ?? '_id', _routing: d._routing ?? null };
    return simulateOne(pipeline, doc, verbose);
  });
  return json({ docs });
}

/** `_ingest/pipeline` CRUD and `_simulate`. */
export function registerIngestRoutes(router: Router, node: ClusterNode): void {
  router.add('GET', '/_ingest/pipeline', () => getPipelines(node));
  router.add(['GET', 'POST'], '/_ingest/pipeline/_simulate', (req) => simulate(node, req));
  router.add(['GET', 'POST'], '/_ingest/pipeline/{id}/_simulate', (req, p) => simulate(node, req, p.id));
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
