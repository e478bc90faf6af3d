import { AppError } from '@ferry/core';
import type { WriteOp } from '../documents/write-ops';
import { illegalArgument, validationFailed } from '../http/errors';
import { intParam, jsonOf, type Request } from '../http/request';
import { resolveOptionsOf } from '../indices/resolve';
import type { ClusterNode } from '../node/cluster-node';
import type { ByScrollJob } from './bulk-by-scroll';
import { MatchScan, type Matched } from './scan';
import { compileScript, type ScriptFn } from './script';

/** A parsed by-query request: the job plus what the task list shows. */
export interface ParsedJob {
  job: ByScrollJob;
  action: string;
  description: string;
}

function conflictsOf(req: Request, body: Record<string, unknown>): boolean {
  const c = req.query.get('conflicts') ?? body.conflicts ?? 'abort';
  if (c !== 'abort' && c !== 'proceed') throw illegalArgument(`conflicts may only be "proceed" or "abort" but was [${String(c)}]`);
  return c === 'proceed';
}

function maxDocsOf(req: Request, body: Record<string, unknown>): number | undefined {
  const raw = intParam(req.query, 'max_docs') ?? (body.max_docs as number | undefined) ?? (body.size as number | undefined);
  if (raw !== undefined && (!Number.isInteger(raw) || raw <= 0)) throw validationFailed(`maxDocs should be greater than 0 if the request is limited to some number of documents or -1 if it isn't but it was [${raw}]`);
  return raw;
}

/** `source.size` of a reindex, the scroll batch size: checked as SearchRequest checks a scroll's size. */
function batchSizeOf(size: unknown): number | undefined {
  if (size === undefined || size === null) return undefined;
  const n = Number(size);
  if (typeof size === 'object' || typeof size === 'boolean' || !Number.isInteger(n)) {
    throw new AppError(400, `[size] failed to parse value [${String(size)}]`, { type: 'parsing_exception' });
  }
  if (n < 0) throw illegalArgument(`[size] parameter cannot be negative, found [${n}]`);
  if (n === 0) throw validationFailed('[size] cannot be [0] in a scroll context');
  return n;
}

function sourceOf(m: Matched, script?: ScriptFn): { source: string; op: 'index' | 'noop' | 'delete' } {
  if (!script) return { source: m.row.source, op: 'index' };
  const doc = JSON.parse(m.row.source) as Record<string, unknown>;
  const op = script(doc, { _index: m.meta.name, _id: m.row.id, _version: m.row.version, _routing: m.row.routing });
  return { source: JSON.stringify(doc), op };
}

function queryOf(req: Request, body: Record<string, unknown>): unknown {
  const q = req.query.get('q');
  return q ? { query_string: { query: q, ...(req.query.get('df') ? { default_field: req.query.get('df') } : {}) } } : body.query;
}

function scanOf(node: ClusterNode, req: Request, expr: string, query: unknown): MatchScan {
  const metas = node.resolve(expr, resolveOptionsOf(req.query, { forbidClosed: true })).filter((m) => m.state === 'open');
  return new MatchScan(node, { metas, query });
}

/**
 * `requests_per_second`: documents per second, `-1` (or absent) for no throttle; 0 and other negatives are
 * refused as OpenSearch refuses them.
 */
export function parseRequestsPerSecond(raw: string | null): number {
  if (raw === null || raw === '' || raw === '-1') return Infinity;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) {
    throw validationFailed(`[requests_per_second] must be greater than 0. Use -1 to disable throttling but was [${raw}]`);
  }
  return n;
}

const common = (req: Request, body: Record<string, unknown>) => ({
  requestsPerSecond: parseRequestsPerSecond(req.query.get('requests_per_second')),
  batchSize: intParam(req.query, 'scroll_size') ?? 1000,
  maxDocs: maxDocsOf(req, body),
  proceedOnConflict: conflictsOf(req, body),
  refresh: req.query.get('refresh') === 'true' || req.query.get('refresh') === '',
});

/** `POST _reindex` from a local source (with a query) into a destination index. */
export function parseReindex(node: ClusterNode, req: Request): ParsedJob {
  const body = jsonOf(req) ?? {};
  const source = (body.source ?? {}) as { index?: string | string[]; query?: unknown; size?: number; remote?: unknown };
  const dest = (body.dest ?? {}) as { index?: string; op_type?: string; version_type?: string; routing?: string; pipeline?: string };
  const missing = [
    ...(source.index === undefined ? ['use _all if you really want to copy from all existing indexes'] : []),
    ...(dest.index === undefined ? ['index is missing'] : []),
  ];
  if (missing.length) throw validationFailed(...missing);
  if (source.remote !== undefined) throw illegalArgument('reindex from a remote cluster is not supported by the embedded cluster');
  if (dest.pipeline !== undefined) node.ingestPipelines.pipeline(String(dest.pipeline));
  const expr = Array.isArray(source.index) ? source.index.join(',') : String(source.index);
  const destName = String(dest.index);
  if (node.resolve(expr, { ignoreUnavailable: true }).some((m) => m.name === destName || destName in m.aliases)) {
    throw new AppError(400, `reindex cannot write into an index its reading from [${destName}]`, { type: 'action_request_validation_exception' });
  }
  const script = body.script === undefined ? undefined : compileScript(node.scripts.inline(body.script));
  const create = dest.op_type === 'create';
  const external = dest.version_type === 'external' || dest.version_type === 'external_gte';
  const routing = dest.routing ?? 'keep';
  const base = common(req, body);
  // Opened last: the scan pins shard points until the job closes it.
  const scan = scanOf(node, req, expr, source.query);
  return {
    action: 'indices:data/write/reindex',
    description: `reindex from [${expr}] to [${destName}]`,
    job: {
      ...base,
      batchSize: batchSizeOf(source.size) ?? base.batchSize,
      scan,
      toOp: (m): WriteOp | 'noop' => {
        const { source: src, op } = sourceOf(m, script);
        if (op === 'noop') return 'noop';
        const r = routing === 'keep' ? (m.row.routing ?? undefined) : routing === 'discard' ? undefined : routing.replace(/^=/, '');
        if (op === 'delete') return { action: 'delete', index: destName, id: m.row.id, routing: r };
        return {
          action: create ? 'create' : 'index', index: destName, id: m.row.id, routing: r, source: src, create, pipeline: dest.pipeline,
          ...(external ? { version: m.row.version, versionType: dest.version_type as 'external' | 'external_gte' } : {}),
        };
      },
    },
  };
}

/** `POST <index>/_delete_by_query`: deletes the matches that did not change since the scan read them. */
export function parseDeleteByQuery(node: ClusterNode, req: Request, expr: string): ParsedJob {
  const body = jsonOf(req) ?? {};
  if (body.query === undefined && !req.query.get('q')) throw validationFailed('query is missing');
  const job: ByScrollJob = {
    ...common(req, body),
    scan: scanOf(node, req, expr, queryOf(req, body)),
    toOp: (m) => ({ action: 'delete', index: m.meta.name, id: m.row.id, routing: m.row.routing ?? undefined, ifSeqNo: m.row.seq, ifPrimaryTerm: m.row.term }),
  };
  return { job, action: 'indices:data/write/delete/byquery', description: `delete-by-query [${expr}]` };
}

/** `POST <index>/_update_by_query`: rewrites each match (optionally through a script), bumping its version. */
export function parseUpdateByQuery(node: ClusterNode, req: Request, expr: string): ParsedJob {
  const body = jsonOf(req) ?? {};
  const pipeline = req.query.get('pipeline') ?? undefined;
  if (pipeline !== undefined && pipeline !== '_none') node.ingestPipelines.pipeline(pipeline);
  const script = body.script === undefined ? undefined : compileScript(node.scripts.inline(body.script));
  const job: ByScrollJob = {
    ...common(req, body),
    scan: scanOf(node, req, expr, queryOf(req, body)),
    toOp: (m) => {
      const { source, op } = sourceOf(m, script);
      if (op === 'noop') return 'noop';
      const where = { index: m.meta.name, id: m.row.id, routing: m.row.routing ?? undefined, ifSeqNo: m.row.seq, ifPrimaryTerm: m.row.term };
      return op === 'delete' ? { action: 'delete', ...where } : { action: 'index', ...where, source, resultWord: 'updated', pipeline };
    },
  };
  return { job, action: 'indices:data/write/update/byquery', description: `update-by-query [${expr}]` };
}
