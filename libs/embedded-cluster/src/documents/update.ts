import { AppError } from '@ferry/core';
import { compileScript } from '../data-movement/script';

import type { ClusterNode } from '../node/cluster-node';
import { shardForDoc } from './shard-for-doc';
import type { WriteResult } from './write-ops';

/** An `_update` request. */
export interface UpdateRequest {
  index: string;
  id: string;
  routing?: string;
  body: Record<string, unknown>;
  ifSeqNo?: number;
  ifPrimaryTerm?: number;
  refresh?: string | null;
}

/** Merges `doc` into `target` the way OpenSearch's `XContentHelper.update` does (objects deep, the rest replaced). */
export function mergeDoc(target: Record<string, unknown>, doc: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...target };
  for (const [k, v] of Object.entries(doc)) {
    const cur = out[k];
    const isObj = (x: unknown) => x !== null && typeof x === 'object' && !Array.isArray(x);
    out[k] = isObj(cur) && isObj(v) ? mergeDoc(cur as Record<string, unknown>, v as Record<string, unknown>) : v;
  }
  return out;
}

/** Partial update with `doc`, `doc_as_upsert` and `upsert`; unchanged documents answer `noop`. */
export function applyUpdate(node: ClusterNode, req: UpdateRequest): WriteResult {
  const { body } = req;
  if (body.script !== undefined) return scriptedUpdate(node, req);
  const doc = body.doc as Record<string, unknown> | undefined;
  const upsert = body.upsert as Record<string, unknown> | undefined;
  const isObj = (v: unknown) => v === undefined || (v !== null && typeof v === 'object' && !Array.isArray(v));
  if (!isObj(doc) || !isObj(upsert)) throw new AppError(400, '[UpdateRequest] doc and upsert must be objects', { type: 'x_content_parse_exception' });
  if (doc === undefined && upsert === undefined) throw new AppError(400, 'Validation Failed: 1: script or doc is missing;', { type: 'action_request_validation_exception' });
  const meta = node.writeIndex(req.index);
  const shard = shardForDoc(meta, req.id, req.routing);
  const row = node.store.latest(meta.num, shard, req.id);
  const live = row && row.deleted === 0 ? row : undefined;
  if (!live) {
    const source = body.doc_as_upsert === true ? doc : upsert;
    if (!source) {
      throw new AppError(404, `[${req.id}]: document missing`, {
        type: 'document_missing_exception',
        fields: { index: meta.name, shard: String(shard), index_uuid: meta.uuid },
      });
    }
    return node.write([{ action: 'index', index: meta.name, id: req.id, routing: req.routing, doc: source, ifSeqNo: req.ifSeqNo, ifPrimaryTerm: req.ifPrimaryTerm }], req.refresh)[0];
  }
  const merged = mergeDoc(JSON.parse(live.source ?? '{}'), doc ?? {});
  if (body.detect_noop !== false && JSON.stringify(merged) === live.source) {
    if (req.ifSeqNo !== undefined && (req.ifSeqNo !== live.seq || req.ifPrimaryTerm !== live.term)) {
      return node.write([{ action: 'index', index: meta.name, id: req.id, routing: req.routing, doc: merged, ifSeqNo: req.ifSeqNo, ifPrimaryTerm: req.ifPrimaryTerm }], req.refresh)[0];
    }
    return {
      status: 200,
      indexName: meta.name,
      shard,
      item: { _index: meta.name, _id: req.id, _version: live.version, result: 'noop', _shards: { total: 0, successful: 0, failed: 0 }, _seq_no: live.seq, _primary_term: live.term },
    };
  }
  return node.write(
    [{ action: 'index', index: meta.name, id: req.id, routing: req.routing, doc: merged, ifSeqNo: req.ifSeqNo, ifPrimaryTerm: req.ifPrimaryTerm, resultWord: 'updated' }],
    req.refresh,
  )[0];
}

function noopResult(meta: { name: string }, shard: number, id: string, live: { version: number; seq: number; term: number }): WriteResult {
  return {
    status: 200,
    indexName: meta.name,
    shard,
    item: { _index: meta.name, _id: id, _version: live.version, result: 'noop', _shards: { total: 0, successful: 0, failed: 0 }, _seq_no: live.seq, _primary_term: live.term },
  };
}

/**
 * `_update` with a script: the script changes `ctx._source` of the current document (or of `upsert` under
 * `scripted_upsert`), and `ctx.op` may make it a noop or a delete. Without a document and without
 * `scripted_upsert`, `upsert` is indexed as it is, as OpenSearch does.
 */
function scriptedUpdate(node: ClusterNode, req: UpdateRequest): WriteResult {
  const { body } = req;
  if (body.doc !== undefined) throw new AppError(400, 'Validation Failed: 1: can\'t provide both script and doc;', { type: 'action_request_validation_exception' });
  const upsert = body.upsert as Record<string, unknown> | undefined;
  if (upsert !== undefined && (upsert === null || typeof upsert !== 'object' || Array.isArray(upsert))) throw new AppError(400, '[UpdateRequest] upsert must be an object', { type: 'x_content_parse_exception' });
  const script = compileScript(node.scripts.inline(body.script));
  const meta = node.writeIndex(req.index);
  const shard = shardForDoc(meta, req.id, req.routing);
  const row = node.store.latest(meta.num, shard, req.id);
  const live = row && row.deleted === 0 ? row : undefined;
  const at = { ifSeqNo: req.ifSeqNo, ifPrimaryTerm: req.ifPrimaryTerm };
  if (!live) {
    if (!upsert) throw new AppError(404, `[${req.id}]: document missing`, { type: 'document_missing_exception', fields: { index: meta.name, shard: String(shard), index_uuid: meta.uuid } });
    const doc = structuredClone(upsert);
    if (body.scripted_upsert === true && script(doc, { _index: meta.name, _id: req.id, op: 'create' }) !== 'index') {
      return { status: 200, indexName: meta.name, shard, item: { _index: meta.name, _id: req.id, _version: 0, result: 'noop', _shards: { total: 0, successful: 0, failed: 0 } } };
    }
    return node.write([{ action: 'index', index: meta.name, id: req.id, routing: req.routing, doc, ...at }], req.refresh)[0];
  }
  const doc = JSON.parse(live.source ?? '{}') as Record<string, unknown>;
  const op = script(doc, { _index: meta.name, _id: req.id, _version: live.version, _routing: live.routing ?? null, _now: Date.now() });
  if (op === 'noop') return noopResult(meta, shard, req.id, live);
  if (op === 'delete') return node.write([{ action: 'delete', index: meta.name, id: req.id, routing: req.routing, ...at }], req.refresh)[0];
  return node.write([{ action: 'index', index: meta.name, id: req.id, routing: req.routing, doc, ...at, resultWord: 'updated' }], req.refresh)[0];
}
