import { AppError } from '@ferry/core';
import { illegalArgument } from '../http/errors';
import { parseJson } from '../http/json-depth';
import { parseActionLine } from './bulk-action-line';
import type { VersionType } from './versioning';
import type { UpdateRequest } from './update';
import type { WriteOp } from './write-ops';

/** An `update` line of `_bulk`, applied through the update path: an `_update` request without its own refresh. */
export interface BulkUpdate extends Omit<UpdateRequest, 'refresh'> {
  kind: 'update';
  retryOnConflict?: number;
}

/** One parsed `_bulk` line pair. */
export type BulkItem = { kind: 'write'; op: WriteOp } | BulkUpdate | { kind: 'invalid'; action: string; index: string; id?: string; error: AppError };

/** Splits an NDJSON `_bulk` body into items, with `defaults` from the URL (`/<index>/_bulk`, `routing`). */
export function parseBulk(body: Buffer, defaults: { index?: string; routing?: string | null; pipeline?: string | null }): { action: string; item: BulkItem }[] {
  const text = body.toString('utf8');
  const lines = text.split('\n');
  const out: { action: string; item: BulkItem }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line.length === 0) continue;
    const { action, meta } = parseActionLine(line, i + 1);
    const index = simple(meta._index) ?? defaults.index;
    if (!index) throw new AppError(400, 'Validation Failed: 1: index is missing;', { type: 'action_request_validation_exception' });
    const id = simple(meta._id);
    const routing = simple(meta.routing ?? meta._routing) ?? defaults.routing ?? undefined;
    if (action === 'delete') {
      out.push({ action, item: { kind: 'write', op: { action: 'delete', index, id, routing, ...conditions(meta) } } });
      continue;
    }
    const source = lines[++i];
    if (source === undefined || source.trim() === '') {
      throw illegalArgument(`The bulk request must be terminated by a newline [\\n]`);
    }
    if (action === 'update') {
      out.push({ action, item: parseUpdateLine({ index, id, routing, meta, source }) });
      continue;
    }
    const opType = meta.op_type === 'create' || action === 'create' ? 'create' : 'index';
    out.push({ action, item: { kind: 'write', op: { action: opType, create: opType === 'create', index, id, routing, source: source.trim(), pipeline: simple(meta.pipeline) ?? defaults.pipeline ?? undefined, ...conditions(meta) } } });
  }
  return out;
}

/** A simple metadata value as OpenSearch reads it (`parser.text()`): absent or null is undefined. */
function simple(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}

function parseUpdateLine(a: { index: string; id?: string; routing?: string; meta: Record<string, unknown>; source: string }): BulkItem {
  if (!a.id) return { kind: 'invalid', action: 'update', index: a.index, error: new AppError(400, 'Validation Failed: 1: id is missing;', { type: 'action_request_validation_exception' }) };
  let body: Record<string, unknown>;
  try {
    body = parseJson(a.source) as Record<string, unknown>;
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    return { kind: 'invalid', action: 'update', index: a.index, id: a.id, error: new AppError(400, `failed to parse: ${(err as Error).message}`, { type: 'x_content_parse_exception' }) };
  }
  const c = conditions(a.meta);
  return { kind: 'update', index: a.index, id: a.id, routing: a.routing, body, ifSeqNo: c.ifSeqNo, ifPrimaryTerm: c.ifPrimaryTerm, retryOnConflict: Number(a.meta.retry_on_conflict ?? 0) };
}

function conditions(meta: Record<string, unknown>): Pick<WriteOp, 'version' | 'versionType' | 'ifSeqNo' | 'ifPrimaryTerm'> {
  const n = (v: unknown) => (v === undefined || v === null ? undefined : Number(v));
  return {
    version: n(meta.version ?? meta._version),
    versionType: (meta.version_type ?? meta._version_type) as VersionType | undefined,
    ifSeqNo: n(meta.if_seq_no),
    ifPrimaryTerm: n(meta.if_primary_term),
  };
}
