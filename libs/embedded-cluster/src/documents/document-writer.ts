import { randomBytes } from 'node:crypto';
import { AppError, toAppError } from '@ferry/core';
import { assertJsonDepth } from '../http/json-depth';
import { indexBlocked, indexClosed, parsingError } from '../http/errors';
import { type IndexMeta, boolSetting, gcDeletesMs, replicaCount } from '../indices/index-meta';
import type { IndexRegistry } from '../indices/index-registry';
import { applyDynamicMapping } from '../mapping/dynamic-mapping';
import type { DocStore, LatestRow } from '../storage/doc-store';
import { shardForDoc } from './shard-for-doc';
import { isReplicationWriter } from './replication-writer';
import { nextVersion, validateConditions } from './versioning';
import type { WriteOp, WriteResult } from './write-ops';

/** Resolves the index a write goes to (alias → write index, auto-creation). */
export type WriteIndexResolver = (name: string) => IndexMeta;

/**
 * Applies writes in one SQLite transaction: version checks, seq_no assignment per shard, MVCC rows and
 * counters. Each op succeeds or fails on its own, as `_bulk` items do.
 */
export class DocumentWriter {
  constructor(
    private readonly registry: IndexRegistry,
    private readonly store: DocStore,
    private readonly resolveIndex: WriteIndexResolver,
  ) {}

  /** Runs every op; the transaction commits before this returns, so the results are durable. */
  write(ops: WriteOp[]): WriteResult[] {
    const touched = new Set<IndexMeta>();
    const remapped = new Set<IndexMeta>();
    const now = Date.now();
    const run = this.store.db.transaction(() => {
      const results = ops.map((op) => this.apply({ op, now, touched, remapped }));
      for (const meta of remapped) this.registry.save(meta);
      for (const meta of touched) this.registry.saveShards(meta);
      return results;
    });
    return run();
  }

  private apply(ctx: { op: WriteOp; now: number; touched: Set<IndexMeta>; remapped: Set<IndexMeta> }): WriteResult {
    const { op } = ctx;
    let meta: IndexMeta | undefined;
    try {
      meta = this.resolveIndex(op.index);
      checkWritable(meta, op.action === 'delete');
      validateConditions(op);
      const id = op.id ?? randomBytes(15).toString('base64url');
      if (op.id !== undefined && op.id.length === 0) throw parsingError('if _id is specified it must not be empty');
      if (Buffer.byteLength(id) > 512) {
        throw new AppError(400, `id [${id}] is too long, must be no longer than 512 bytes but was: ${Buffer.byteLength(id)}`, {
          type: 'illegal_argument_exception',
        });
      }
      const shard = shardForDoc(meta, id, op.routing);
      if (op.action !== 'delete') {
        const doc = op.doc ?? parseSource(op.source);
        if (applyDynamicMapping({ mappings: meta.mappings, source: doc, id, index: meta })) ctx.remapped.add(meta);
      }
      const result = this.commitOp({ meta, op, id, shard, now: ctx.now });
      ctx.touched.add(meta);
      return result;
    } catch (err) {
      return failure(op, meta, toAppError(err));
    }
  }

  private commitOp(args: { meta: IndexMeta; op: WriteOp; id: string; shard: number; now: number }): WriteResult {
    const { meta, op, id, shard, now } = args;
    const stale = this.store.latest(meta.num, shard, id);
    const latest = countedRow(stale, now - gcDeletesMs(meta));
    const version = nextVersion({ current: latest, conditions: op, target: { id, index: meta.name, uuid: meta.uuid, shard } });
    const state = meta.shards[shard];
    const seq = state.maxSeq + 1;
    const deleting = op.action === 'delete';
    if (stale) this.store.supersede({ idx: meta.num, shard, seq: stale.seq, by: seq });
    const source = deleting ? null : (op.source ?? JSON.stringify(op.doc));
    this.store.insert({ idx: meta.num, shard, seq, id, version, routing: op.routing ?? null, source, deleted: deleting }, now);
    state.maxSeq = seq;
    state.bytes += 64 + id.length + (source?.length ?? 0);
    if (deleting) state.deleteTotal++;
    else state.indexTotal++;
    const existed = latest !== undefined && latest.deleted === 0;
    const result = deleting ? (existed ? 'deleted' : 'not_found') : op.resultWord ?? (existed ? 'updated' : 'created');
    const status = deleting ? (existed ? 200 : 404) : existed ? 200 : 201;
    const item: Record<string, unknown> = {
      _index: meta.name,
      _id: id,
      _version: version,
      result,
      _shards: { total: 1 + replicaCount(meta), successful: 1, failed: 0 },
      _seq_no: seq,
      _primary_term: 1,
    };
    return { status, item, indexName: meta.name, shard };
  }
}

/** A tombstone older than `gc_deletes` no longer answers version checks: the document is simply absent. */
function countedRow(row: LatestRow | undefined, tombstoneCutoff: number): LatestRow | undefined {
  if (row && row.deleted === 1 && row.ts < tombstoneCutoff) return undefined;
  return row;
}

function checkWritable(meta: IndexMeta, isDelete: boolean): void {
  if (meta.state === 'close') throw indexClosed(meta.name, meta.uuid);
  if (boolSetting(meta, 'index.blocks.read_only')) throw indexBlocked({ name: meta.name, block: 'read_only' });
  if (boolSetting(meta, 'index.blocks.write')) throw indexBlocked({ name: meta.name, block: 'write' });
  if (!isDelete && boolSetting(meta, 'index.blocks.read_only_allow_delete')) {
    throw indexBlocked({ name: meta.name, block: 'read_only_allow_delete' });
  }
  if (boolSetting(meta, 'index.blocks.replication') && !isReplicationWriter()) throw indexBlocked({ name: meta.name, block: 'replication' });
}

/** Parses a document body; malformed JSON is a `mapper_parsing_exception`. */
export function parseSource(source: string | undefined): Record<string, unknown> {
  if (source === undefined) throw parsingError('request body is required');
  assertJsonDepth(source);
  let doc: unknown;
  try {
    doc = JSON.parse(source);
  } catch (err) {
    throw new AppError(400, `failed to parse: ${(err as Error).message}`, { type: 'mapper_parsing_exception' });
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new AppError(400, 'failed to parse, document is empty', { type: 'mapper_parsing_exception' });
  }
  return doc as Record<string, unknown>;
}

/** A failed write as a `_bulk` item (the single-document APIs throw its error). */
export function failure(op: WriteOp, meta: IndexMeta | undefined, err: AppError): WriteResult {
  const cause: Record<string, unknown> = { type: err.type ?? 'exception', reason: err.message, ...(err.fields ?? {}) };
  if (meta && cause.index === undefined) Object.assign(cause, { index: meta.name, index_uuid: meta.uuid });
  return {
    status: err.status,
    error: err,
    item: { _index: meta?.name ?? op.index, _id: op.id ?? null, status: err.status, error: cause },
  };
}
