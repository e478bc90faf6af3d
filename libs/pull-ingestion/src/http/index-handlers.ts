import type { ServerResponse } from 'node:http';
import { ValidationError, type PassThroughRequest } from '@ferry/core';
import type { IngestionService } from '../engine/ingestion-service';
import { splitIngestionSettings } from '../settings/flatten';
import { assertValidSettings } from '../settings/ingestion-settings';
import { parseJsonBody, sendJson } from './answer';
import type { LocalClusterClient } from './local-cluster';

/** What the index handlers need. */
export interface HandlerContext {
  service: IngestionService;
  local: LocalClusterClient;
}

/** Names of ingestion indices matched by an index expression (`a,b`, wildcards, `_all`). */
export function matchingIngestionIndices(service: IngestionService, expression: string): string[] {
  const parts = expression.split(',').filter(Boolean);
  return service
    .list()
    .map((e) => e.record.name)
    .filter((name) =>
      parts.some((p) => p === '_all' || p === name || (p.includes('*') && new RegExp(`^${p.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(name))),
    );
}

/**
 * `PUT /<index>` with `ingestion_source` settings: validate, create the index on the local cluster
 * without them, then persist the configuration and start one poller per shard. Returns false when the
 * body has no ingestion settings (the request then goes to the cluster unchanged).
 */
export async function createIngestionIndex(ctx: HandlerContext, req: PassThroughRequest, res: ServerResponse): Promise<boolean> {
  const raw = await req.body();
  const body = parseJsonBody(raw);
  if (!body || !body.settings) return false;
  const { ingestion, rest } = splitIngestionSettings(body.settings);
  if (Object.keys(ingestion).length === 0) return false;
  const name = req.segments[0];
  assertValidSettings(ingestion);
  if (ctx.service.has(name) && (await ctx.local.exists(name))) {
    throw new ValidationError(`index [${name}] already exists`, { type: 'resource_already_exists_exception', fields: { index: name } });
  }
  if (ctx.service.has(name)) await ctx.service.remove(name);
  const created = await ctx.local.call('PUT', `/${encodeURIComponent(name)}`, req.query, { ...body, settings: rest });
  if (created.status >= 300) {
    sendJson(res, created.status, created.body);
    return true;
  }
  const settings = await ctx.local.indexSettings(name);
  const shards = Number(settings['index.number_of_shards'] ?? 1);
  await ctx.service.create(name, ingestion, shards);
  sendJson(res, created.status, created.body);
  return true;
}

/** `DELETE /<index>`: the cluster deletes; ingestion of the deleted indices stops and is forgotten. */
export async function deleteIndex(ctx: HandlerContext, req: PassThroughRequest, res: ServerResponse): Promise<void> {
  const names = matchingIngestionIndices(ctx.service, req.segments[0]);
  const answer = await ctx.local.call('DELETE', `/${encodeURIComponent(req.segments[0])}`, req.query);
  if (answer.status < 300) {
    for (const name of names) if (!(await ctx.local.exists(name))) await ctx.service.remove(name);
  }
  sendJson(res, answer.status, answer.body);
}

/** Rejects document writes on ingestion indices, as OpenSearch's ingestion engine does. */
export function rejectPushWrite(): never {
  throw new ValidationError('push-based indexing is not supported in ingestion engine, use streaming source instead', { type: 'illegal_argument_exception' });
}

/** `PUT /<index>/_block/write`: the cluster sets the block; the index's pollers pause. */
export async function addWriteBlock(ctx: HandlerContext, req: PassThroughRequest, res: ServerResponse): Promise<void> {
  const answer = await ctx.local.call('PUT', req.path, req.query);
  if (answer.status < 300) for (const name of matchingIngestionIndices(ctx.service, req.segments[0])) ctx.service.setWriteBlock(name, true);
  sendJson(res, answer.status, answer.body);
}
