import { randomBytes } from 'node:crypto';

/** The action of one `_bulk` item. */
export type BulkAction = 'index' | 'create' | 'update' | 'delete';

/** One `_bulk` item: its action, metadata and raw lines (action line, then the source line if any). */
export interface BulkEntry {
  action: BulkAction;
  meta: { _index?: string; _id?: string | number | null };
  lines: string[];
}

const ACTIONS = new Set<string>(['index', 'create', 'update', 'delete']);

/**
 * Splits a `_bulk` body into items, keeping each item's lines byte for byte. Undefined when the body
 * cannot be parsed: the cluster then refuses the whole request (OpenSearch parses the body before it
 * executes any item), so nothing is written.
 */
export function parseBulkEntries(body: Buffer): BulkEntry[] | undefined {
  const lines = body.toString('utf8').split('\n');
  const out: BulkEntry[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line.trim()) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      return undefined;
    }
    const keys = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? Object.keys(parsed) : [];
    if (keys.length !== 1 || !ACTIONS.has(keys[0])) return undefined;
    const action = keys[0] as BulkAction;
    const meta = ((parsed as Record<string, unknown>)[action] ?? {}) as BulkEntry['meta'];
    if (typeof meta !== 'object') return undefined;
    const entry: BulkEntry = { action, meta, lines: [line] };
    if (action !== 'delete') {
      const source = lines[++i];
      if (source === undefined || !source.trim()) return undefined;
      entry.lines.push(source);
    }
    out.push(entry);
  }
  return out;
}

/** OpenSearch's message for a push write on an ingestion index (`IngestionEngine.index` / `.delete`). */
export function pushRefusal(action: BulkAction | 'delete-doc'): string {
  return action === 'delete' || action === 'delete-doc'
    ? 'push-based deletion is not supported in ingestion engine, use streaming source instead'
    : 'push-based indexing is not supported in ingestion engine, use streaming source instead';
}

/** OpenSearch's exception type for it (`IngestionEngineException`, status 400). */
export const PUSH_REFUSAL_TYPE = 'ingestion_engine_exception';

/** OpenSearch's auto-generated ids are 20 URL-safe base64 characters. */
function autoId(): string {
  return randomBytes(15).toString('base64url');
}

/** The bulk response item of a refused entry, as OpenSearch's `BulkItemResponse.Failure` renders it. */
export function refusedItem(entry: BulkEntry, index: string): Record<string, unknown> {
  const error = { type: PUSH_REFUSAL_TYPE, reason: pushRefusal(entry.action) };
  return { [entry.action]: { _index: index, _id: entry.meta._id === undefined || entry.meta._id === null ? autoId() : String(entry.meta._id), status: 400, error } };
}

/** The ndjson body of the entries the cluster should still execute. */
export function bulkBody(entries: readonly BulkEntry[]): string {
  return `${entries.flatMap((e) => e.lines).join('\n')}\n`;
}

/**
 * Puts the cluster's items for the kept entries and the refusals back in request order. `refused` maps
 * an entry's position to its refusal item.
 */
export function mergeItems(total: number, refused: ReadonlyMap<number, Record<string, unknown>>, clusterItems: readonly unknown[]): unknown[] {
  const out: unknown[] = [];
  let next = 0;
  for (let i = 0; i < total; i++) out.push(refused.get(i) ?? clusterItems[next++]);
  return out;
}
