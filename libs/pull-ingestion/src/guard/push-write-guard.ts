import type { ServerResponse } from 'node:http';
import { ValidationError, type PassThroughRequest } from '@ferry/core';
import { sendJson } from '../http/answer';
import type { LocalClusterClient } from '../http/local-cluster';
import { bulkBody, mergeItems, parseBulkEntries, pushRefusal, PUSH_REFUSAL_TYPE, refusedItem } from './bulk-split';
import { bulkMayWriteTo } from './bulk-scan';
import type { IngestionTargets } from './ingestion-targets';

/** What the push-write guard needs. */
export interface GuardContext {
  local: LocalClusterClient;
  targets: IngestionTargets;
  /** Names of the ingestion indices right now. */
  names: () => string[];
}

/**
 * `PUT|POST /<index>/_doc[/<id>]`, `_create`, `_update` and `DELETE /<index>/_doc/<id>`: refused with
 * OpenSearch's `ingestion_engine_exception` (400) when `<index>` (or the alias's write index) ingests.
 * Returns false when the request may go on to the cluster.
 */
export async function refuseDocumentWrite(ctx: GuardContext, req: PassThroughRequest): Promise<false> {
  const target = await ctx.targets.writeTarget(req.segments[0]);
  if (target) throw new ValidationError(pushRefusal(req.method === 'DELETE' ? 'delete-doc' : 'index'), { type: PUSH_REFUSAL_TYPE });
  return false;
}

/** Whether a bulk body can write to an ingestion index at all (a scan of its action lines first). */
async function mayTouchIngestion(ctx: GuardContext, body: Buffer, pathIndex?: string): Promise<boolean> {
  if (pathIndex && (await ctx.targets.writeTarget(pathIndex))) return true;
  return bulkMayWriteTo(body, new Set([...ctx.names(), ...(await ctx.targets.aliasNames())]));
}

/**
 * `/_bulk` and `/<index>/_bulk`: items that write to an ingestion index (directly or through an alias)
 * are refused one by one with OpenSearch's item failure; the other items still run on the cluster, and
 * the answer lists every item in request order. Returns true when it answered.
 */
export async function guardBulk(ctx: GuardContext, req: PassThroughRequest, res: ServerResponse): Promise<boolean> {
  const pathIndex = req.segments[0] === '_bulk' ? undefined : req.segments[0];
  const body = await req.body();
  if (!(await mayTouchIngestion(ctx, body, pathIndex))) return false;
  const entries = parseBulkEntries(body);
  if (!entries) return false;
  const refused = new Map<number, Record<string, unknown>>();
  // One look-up per distinct name: a bulk usually names a handful of indices over thousands of items.
  const seen = new Map<string, string | undefined>();
  for (const [i, entry] of entries.entries()) {
    const name = entry.meta._index ?? pathIndex;
    if (name && !seen.has(name)) seen.set(name, await ctx.targets.writeTarget(name));
    const target = name ? seen.get(name) : undefined;
    if (target) refused.set(i, refusedItem(entry, target));
  }
  if (refused.size === 0) return false;
  const started = Date.now();
  const kept = entries.filter((_, i) => !refused.has(i));
  if (kept.length === 0) {
    sendJson(res, 200, { took: Date.now() - started, errors: true, items: mergeItems(entries.length, refused, []) });
    return true;
  }
  const answer = await ctx.local.callNdjson(req.method, req.path, req.query, bulkBody(kept));
  const result = answer.body as { took?: number; items?: unknown[] } | undefined;
  if (answer.status >= 300 || !Array.isArray(result?.items) || result.items.length !== kept.length) {
    sendJson(res, answer.status, answer.body);
    return true;
  }
  sendJson(res, answer.status, { ...result, errors: true, items: mergeItems(entries.length, refused, result.items) });
  return true;
}
