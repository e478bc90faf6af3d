import type { ServerResponse } from 'node:http';
import { ValidationError, type PassThroughRequest } from '@ferry/core';
import { flattenSettings, nestSettings, splitIngestionSettings, type FlatSettings } from '../settings/flatten';
import { assertFilePaths } from '../files/file-settings';
import { applySettingsUpdate } from '../settings/ingestion-settings';
import { parseJsonBody, sendJson } from './answer';
import { matchingIngestionIndices, type HandlerContext } from './index-handlers';

type IndexAnswer = Record<string, { settings?: Record<string, unknown> } & Record<string, unknown>>;

function mergeDeep(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(source)) {
    const t = target[k];
    if (v && typeof v === 'object' && t && typeof t === 'object') mergeDeep(t as Record<string, unknown>, v as Record<string, unknown>);
    else target[k] = v;
  }
}

function filterKeys(flat: FlatSettings, names: string | undefined): FlatSettings {
  if (!names) return flat;
  const res = names.split(',').map((n) => new RegExp(`^${n.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`));
  return Object.fromEntries(Object.entries(flat).filter(([k]) => res.some((r) => r.test(k))));
}

/** Adds each ingestion index's settings into a `GET _settings` or `GET /<index>` answer. */
function mergeSettings(ctx: HandlerContext, body: IndexAnswer, flatOutput: boolean, names?: string): void {
  for (const [name, entry] of Object.entries(body ?? {})) {
    const ingestion = ctx.service.get(name);
    if (!ingestion || !entry || typeof entry !== 'object') continue;
    const flat = filterKeys(ingestion.record.settings, names);
    if (Object.keys(flat).length === 0) continue;
    entry.settings ??= {};
    if (flatOutput) Object.assign(entry.settings, flat);
    else mergeDeep(entry.settings, nestSettings(flat));
  }
}

/** `GET /<index>/_settings[/<name>]` and `GET /<index>`: the cluster's answer plus the ingestion settings. */
export async function getSettings(ctx: HandlerContext, req: PassThroughRequest, res: ServerResponse): Promise<void> {
  const answer = await ctx.local.call('GET', req.path, req.query);
  if (answer.status < 300) {
    const names = req.segments[1] === '_settings' ? req.segments[2] : req.segments[0] === '_settings' ? req.segments[1] : undefined;
    mergeSettings(ctx, answer.body as IndexAnswer, req.query.get('flat_settings') === 'true', names);
  }
  sendJson(res, answer.status, answer.body);
}

function blockChange(rest: Record<string, unknown>): boolean | undefined {
  const flat = flattenSettings(rest);
  for (const key of ['index.blocks.write', 'blocks.write', 'index.blocks.read_only', 'blocks.read_only']) if (key in flat) return flat[key] === 'true';
  return undefined;
}

/**
 * `PUT /<index>/_settings`: dynamic ingestion settings change live (final ones are refused with
 * OpenSearch's message), the rest goes to the cluster, and a write block pauses the pollers.
 */
export async function putSettings(ctx: HandlerContext, req: PassThroughRequest, res: ServerResponse): Promise<void> {
  const body = parseJsonBody(await req.body()) ?? {};
  const expression = req.segments[0] === '_settings' ? '_all' : req.segments[0];
  const { ingestion, rest } = splitIngestionSettings(body.settings ?? body);
  const names = matchingIngestionIndices(ctx.service, expression);
  // JSON null resets a setting to its default, as in OpenSearch.
  const change = Object.fromEntries(Object.entries(ingestion).map(([k, v]) => [k, v === 'null' ? null : v]));
  for (const name of names) assertFilePaths(ctx.service.files, applySettingsUpdate(ctx.service.get(name)!.record.settings, change, name));
  if (Object.keys(ingestion).length > 0 && names.length === 0) {
    throw new ValidationError(`unknown setting [${Object.keys(ingestion)[0]}]: index [${expression}] has no pull-based ingestion`, { type: 'illegal_argument_exception' });
  }
  let answer = { status: 200, body: { acknowledged: true } as unknown };
  if (Object.keys(flattenSettings(rest)).length > 0) {
    answer = await ctx.local.call('PUT', req.path, req.query, body.settings ? { ...body, settings: rest } : rest);
  }
  if (answer.status < 300) {
    for (const name of names) if (Object.keys(change).length > 0) await ctx.service.updateSettings(name, change);
    const block = blockChange(rest);
    if (block !== undefined) for (const name of matchingIngestionIndices(ctx.service, expression)) ctx.service.setWriteBlock(name, block);
  }
  sendJson(res, answer.status, answer.body);
}
