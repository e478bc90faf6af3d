import type { MappedOperation } from '../messages/mappers';

/** How the cluster answered one operation of a `_bulk`. */
export type ItemOutcome =
  | { kind: 'ok' }
  | { kind: 'conflict' }
  /** Will fail again (bad document, mapping error): not retried, like OpenSearch's IllegalArgumentException. */
  | { kind: 'invalid'; error: string }
  /** May succeed later (overloaded, unavailable). */
  | { kind: 'retry'; error: string };

/** Writes operations to an index with `_bulk`; one outcome per operation, in order. */
export interface BulkSink {
  write(index: string, ops: readonly MappedOperation[]): Promise<ItemOutcome[]>;
}

/** Sends an ndjson `_bulk` body to the local cluster and returns the raw answer; throws on a non-2xx answer. */
export interface BulkClient {
  bulkNdjson(body: string): Promise<string>;
}

interface BulkItem {
  status: number;
  result?: string;
  error?: { type?: string; reason?: string } | string;
}

interface BulkResponse {
  errors?: boolean;
  items: Record<string, BulkItem>[];
}

/** The action line of `op`, written out directly (`indexJson`: the index name as a JSON string). */
function actionLine(indexJson: string, op: MappedOperation): string {
  let meta = `{"_index":${indexJson}`;
  if (op.id !== undefined) meta += `,"_id":${JSON.stringify(op.id)}`;
  // `create` keeps internal versioning: the cluster refuses external versions on create, and a create of
  // an existing id is a conflict, which is what an append of a replayed message should be. The version is
  // written from its digits (BigInt keeps a long exact, and drops leading zeros JSON does not allow).
  if (op.version !== undefined && op.op !== 'create') meta += `,"version":${BigInt(op.version)},"version_type":"external"`;
  return `{"${op.op}":${meta}}}`;
}

/** The `_bulk` lines of `op` (action, then source unless a delete), newline-terminated. */
export function bulkLines(indexJson: string, op: MappedOperation): string {
  return op.op === 'delete' ? `${actionLine(indexJson, op)}\n` : `${actionLine(indexJson, op)}\n${JSON.stringify(op.source ?? {})}\n`;
}

// OpenSearch and the embedded cluster both start a bulk answer with these two keys.
const ALL_OK = /^\{"took":\d+,"errors":false[,}]/;

/**
 * The outcome of every operation from a raw `_bulk` answer. Without errors every item succeeded, which the
 * head of the answer says: the items (most of the answer) are then not parsed at all.
 */
export function bulkOutcomes(raw: string, count: number): ItemOutcome[] {
  if (ALL_OK.test(raw.slice(0, 64))) return Array.from({ length: count }, () => OK);
  const res = JSON.parse(raw) as BulkResponse;
  if (!Array.isArray(res.items) || res.items.length !== count) throw new Error(`the _bulk answer has ${res.items?.length ?? 0} items for ${count} operations`);
  return res.items.map((entry) => outcome(Object.values(entry)[0]));
}

const OK: ItemOutcome = { kind: 'ok' };

function outcome(item: BulkItem): ItemOutcome {
  if (item.status < 300 || (item.status === 404 && item.result === 'not_found')) return OK;
  const err = typeof item.error === 'string' ? { reason: item.error } : (item.error ?? {});
  if (item.status === 409) return { kind: 'conflict' };
  const error = `${err.type ?? 'error'}: ${err.reason ?? `status ${item.status}`}`;
  if (item.status === 429 || item.status >= 500) return { kind: 'retry', error };
  return { kind: 'invalid', error };
}

/** The `_bulk` sink on the local cluster: the body is built as one string, the answer parsed only on errors. */
export function bulkSink(client: () => Promise<BulkClient>): BulkSink {
  return {
    async write(index, ops) {
      if (ops.length === 0) return [];
      const indexJson = JSON.stringify(index);
      let body = '';
      for (const op of ops) body += op.ndjson ?? bulkLines(indexJson, op);
      return bulkOutcomes(await (await client()).bulkNdjson(body), ops.length);
    },
  };
}
