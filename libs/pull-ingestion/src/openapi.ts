import type { OpenApiRegistry } from '@ferry/core';
import { z } from 'zod';
import { resumeBodySchema, stateQuerySchema } from './http/ingestion.schemas';

const index = z.object({ index: z.string().meta({ description: 'Index name or comma-separated list (wildcards allowed)' }) });
const error = { description: 'OpenSearch error `{error: {root_cause, type, reason}, status}`' };
const updateState = z.object({
  acknowledged: z.boolean(),
  shards_acknowledged: z.boolean(),
  error: z.string(),
  failures: z.record(z.string(), z.array(z.object({ shard: z.number(), error: z.string() }))).optional(),
});
const ferryOnly = (what: string) => ({ description: `Ferry only, with ?ferry=true: ${what}` });
const shardState = z.object({
  shard: z.number(),
  poller_state: z.string(),
  error_policy: z.string(),
  poller_paused: z.boolean(),
  write_block_enabled: z.boolean(),
  batch_start_pointer: z.string(),
  is_primary: z.boolean().optional().meta(ferryOnly('always true, only primaries poll')),
  node: z.string().optional().meta(ferryOnly('the node name the pollers run as')),
  paused_reason: z.string().optional().meta(ferryOnly('why the poller is paused')),
  last_error: z.string().optional().meta(ferryOnly('the error the poller is stuck on')),
});
const state = z.object({
  _shards: z.object({ total: z.number(), successful: z.number(), failed: z.number(), failures: z.array(z.unknown()) }),
  next_page_token: z.string().optional(),
  ingestion_state: z.record(z.string(), z.array(shardState)),
});
const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });

/** Registers `/{index}/ingestion/_pause|_resume|_state` on the gateway's OpenAPI document. */
export function registerIngestionOpenApi(registry: OpenApiRegistry): void {
  registry.registerPath({
    method: 'post',
    path: '/{index}/ingestion/_pause',
    summary: 'Pause pull-based ingestion of every shard',
    tags: ['ingestion'],
    request: { params: index },
    responses: { 200: { description: 'Paused', ...json(updateState) }, default: error },
  });
  registry.registerPath({
    method: 'post',
    path: '/{index}/ingestion/_resume',
    summary: 'Resume ingestion, optionally resetting shards (only while paused) by offset or timestamp',
    tags: ['ingestion'],
    request: { params: index, body: json(resumeBodySchema.unwrap()) },
    responses: { 200: { description: 'Resumed, or shard failures', ...json(updateState) }, default: error },
  });
  registry.registerPath({
    method: 'get',
    path: '/{index}/ingestion/_state',
    summary: 'Per-shard poller state, paginated with size and next_token',
    tags: ['ingestion'],
    request: { params: index, query: stateQuerySchema },
    responses: { 200: { description: 'Shard states grouped by index', ...json(state) }, default: error },
  });
}
