import { AppError, toAppError } from '@ferry/core';
import { failure, parseSource } from '../documents/document-writer';
import type { WriteOp, WriteResult } from '../documents/write-ops';
import type { IndexMeta } from '../indices/index-meta';
import type { IndexRegistry } from '../indices/index-registry';
import { type IngestPipelineStore, runIngestPipeline } from './ingest-pipelines';

/** Index settings naming the pipelines every write to the index runs through. */
export const DEFAULT_PIPELINE = 'index.default_pipeline';
export const FINAL_PIPELINE = 'index.final_pipeline';

/** Writes staged for the store, and the results of those that pipelines dropped or failed (by position). */
export interface StagedWrites {
  ops: WriteOp[];
  /** Per original position: a result already decided, or undefined for an op in `ops` (in order). */
  decided: (WriteResult | undefined)[];
}

const setting = (meta: IndexMeta | undefined, key: string) => {
  const v = meta?.settings[key];
  return v === undefined || v === null || v === '_none' || v === '' ? undefined : String(v);
};

function targetMeta(registry: IndexRegistry, name: string): IndexMeta | undefined {
  return registry.get(name) ?? registry.all().find((m) => name in m.aliases && m.aliases[name].is_write_index !== false);
}

function dropped(op: WriteOp): WriteResult {
  return { status: 200, item: { _index: op.index, _id: op.id ?? null, _version: -3, result: 'noop', _shards: { total: 0, successful: 0, failed: 0 } } };
}

/**
 * Runs each index/create op through its pipelines: the request's `pipeline` (else the index's
 * `index.default_pipeline`; `_none` for neither), then `index.final_pipeline`. A pipeline may change
 * `_index`, `_id` and `_routing`, drop the document (answered as a noop) or fail it (that op's error only).
 * Returns undefined when no op needs a pipeline, so plain writes pay nothing.
 */
export function stageIngest(options: { ops: WriteOp[]; pipelines: IngestPipelineStore; registry: IndexRegistry }): StagedWrites | undefined {
  const { ops, pipelines, registry } = options;
  if (pipelines.empty && ops.every((o) => o.pipeline === undefined || o.pipeline === '_none')) return undefined;
  const staged: StagedWrites = { ops: [], decided: [] };
  let any = false;
  for (const op of ops) {
    const meta = op.action === 'delete' ? undefined : targetMeta(registry, op.index);
    const first = op.pipeline === '_none' ? undefined : (op.pipeline ?? setting(meta, DEFAULT_PIPELINE));
    const final = setting(meta, FINAL_PIPELINE);
    if (op.action === 'delete' || (!first && !final)) {
      staged.ops.push(op);
      staged.decided.push(undefined);
      continue;
    }
    any = true;
    try {
      const out = ingestOne(op, [first, final].filter((p): p is string => p !== undefined), pipelines);
      if (out) staged.ops.push(out);
      staged.decided.push(out ? undefined : dropped(op));
    } catch (err) {
      staged.decided.push(failure(op, meta, toAppError(err)));
    }
  }
  return any ? staged : undefined;
}

function ingestOne(op: WriteOp, names: string[], pipelines: IngestPipelineStore): WriteOp | undefined {
  const doc: Record<string, unknown> = { ...(op.doc ? structuredClone(op.doc) : parseSource(op.source)), _index: op.index, _id: op.id ?? null, _routing: op.routing ?? null };
  for (const name of names) {
    const outcome = runIngestPipeline(pipelines.pipeline(name), doc);
    if (outcome.dropped) return undefined;
  }
  const { _index, _id, _routing, ...source } = doc;
  for (const [key, v] of Object.entries({ _index, _id, _routing })) {
    if (v !== null && v !== undefined && typeof v !== 'string' && typeof v !== 'number') {
      throw new AppError(400, `[${key}] set by a pipeline must be a string, got [${JSON.stringify(v)}]`, { type: 'illegal_argument_exception' });
    }
  }
  return {
    ...op,
    index: String(_index ?? op.index),
    id: _id === null || _id === undefined ? undefined : String(_id),
    routing: _routing === null || _routing === undefined ? undefined : String(_routing),
    source: undefined,
    doc: source,
    pipeline: undefined,
  };
}

/** The results in the original order: decided ones where they were, the store's for the rest. */
export function mergeStaged(staged: StagedWrites, written: WriteResult[]): WriteResult[] {
  let i = 0;
  return staged.decided.map((d) => d ?? written[i++]);
}
