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

/** The minimal client surface used: `client.bulk` of opensearch-js. */
export interface BulkClient {
  bulk(params: { body: unknown[]; refresh?: boolean | 'true' | 'false' | 'wait_for' }): Promise<{ body: BulkResponse }>;
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

function actionLine(index: string, op: MappedOperation): Record<string, unknown> {
  const meta: Record<string, unknown> = { _index: index };
  if (op.id !== undefined) meta._id = op.id;
  // `create` keeps internal versioning: the cluster refuses external versions on create, and a create of
  // an existing id is a conflict, which is what an append of a replayed message should be.
  if (op.version !== undefined && op.op !== 'create') {
    meta.version = Number(op.version);
    meta.version_type = 'external';
  }
  return { [op.op]: meta };
}

function outcome(item: BulkItem): ItemOutcome {
  if (item.status < 300 || (item.status === 404 && item.result === 'not_found')) return { kind: 'ok' };
  const err = typeof item.error === 'string' ? { reason: item.error } : (item.error ?? {});
  if (item.status === 409) return { kind: 'conflict' };
  const error = `${err.type ?? 'error'}: ${err.reason ?? `status ${item.status}`}`;
  if (item.status === 429 || item.status >= 500) return { kind: 'retry', error };
  return { kind: 'invalid', error };
}

/** The `_bulk` sink on an opensearch-js client (the local cluster). */
export function bulkSink(client: () => Promise<BulkClient>): BulkSink {
  return {
    async write(index, ops) {
      if (ops.length === 0) return [];
      const body: unknown[] = [];
      for (const op of ops) {
        body.push(actionLine(index, op));
        if (op.op !== 'delete') body.push(op.source ?? {});
      }
      const { body: res } = await (await client()).bulk({ body });
      return res.items.map((entry) => outcome(Object.values(entry)[0]));
    },
  };
}
