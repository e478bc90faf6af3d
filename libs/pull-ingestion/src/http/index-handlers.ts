import type { ServerResponse } from 'node:http';
import { ValidationError, type PassThroughRequest } from '@ferry/core';
import type { IngestionService } from '../engine/ingestion-service';
import type { IngestionTargets } from '../guard/ingestion-targets';
import { assertFilePaths } from '../files/file-settings';
import { assertNoPlaceholders } from '../secrets/secret-params';
import { splitIngestionSettings } from '../settings/flatten';
import { assertValidSettings } from '../settings/ingestion-settings';
import { parseJsonBody, sendJson } from './answer';
import type { LocalClusterClient } from './local-cluster';

/** What the index handlers need. */
export interface HandlerContext {
  service: IngestionService;
  local: LocalClusterClient;
  /** Which names and aliases lead to ingestion indices (push writes to them are refused). */
  targets: IngestionTargets;
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
  // A plain index may take over an alias of an ingestion index (is_write_index): read aliases again.
  ctx.targets.invalidate();
  if (!body || !body.settings) return false;
  const { ingestion, rest } = splitIngestionSettings(body.settings);
  if (Object.keys(ingestion).length === 0) return false;
  const name = req.segments[0];
  assertValidSettings(ingestion);
  assertNoPlaceholders(ingestion);
  assertFilePaths(ctx.service.files, ingestion);
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
    ctx.targets.invalidate();
  }
  sendJson(res, answer.status, answer.body);
}

/** `PUT /<index>/_block/write`: the cluster sets the block; the index's pollers pause. */
export async function addWriteBlock(ctx: HandlerContext, req: PassThroughRequest, res: ServerResponse): Promise<void> {
  const answer = await ctx.local.call('PUT', req.path, req.query);
  if (answer.status < 300) for (const name of matchingIngestionIndices(ctx.service, req.segments[0])) ctx.service.setWriteBlock(name, true);
  sendJson(res, answer.status, answer.body);
}

/** Alias changes (`_aliases`, `/<index>/_alias/<name>`): relayed to the cluster, then the alias view is read again. */
export async function changeAliases(ctx: HandlerContext, req: PassThroughRequest, res: ServerResponse): Promise<void> {
  const raw = await req.body();
  const answer = await ctx.local.call(req.method, req.path, req.query, raw.length > 0 ? (parseJsonBody(raw) ?? raw.toString('utf8')) : undefined);
  ctx.targets.invalidate();
  sendJson(res, answer.status, answer.body);
}
