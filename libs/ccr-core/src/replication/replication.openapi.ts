import type { OpenApiRegistry } from '@ferry/core';
import { z } from 'zod';
import {
  acknowledgedSchema,
  autofollowBodySchema,
  ferryQuerySchema,
  pauseBodySchema,
  resumeBodySchema,
  startBodySchema,
  statusQuerySchema,
  statusResponseSchema,
  updateBodySchema,
} from './replication.schemas';

const BASE = '/_plugins/_replication';
const index = z.object({ index: z.string() });
const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
const ack = { 200: { description: 'acknowledged', ...json(acknowledgedSchema) } };
const stats = { 200: { description: 'counters', ...json(z.record(z.string(), z.unknown())) } };

/** Documents the replication API in the gateway's OpenAPI document. */
export function registerReplicationOpenApi(registry: OpenApiRegistry): void {
  const tags = ['ccr'];
  registry.registerPath({ method: 'put', path: `${BASE}/{index}/_start`, tags, request: { params: index, body: json(startBodySchema) }, responses: ack });
  registry.registerPath({ method: 'post', path: `${BASE}/{index}/_stop`, tags, request: { params: index }, responses: ack });
  registry.registerPath({ method: 'post', path: `${BASE}/{index}/_pause`, tags, request: { params: index, body: json(pauseBodySchema.unwrap()) }, responses: ack });
  registry.registerPath({ method: 'post', path: `${BASE}/{index}/_resume`, tags, request: { params: index, body: json(resumeBodySchema.unwrap()) }, responses: ack });
  registry.registerPath({ method: 'put', path: `${BASE}/{index}/_update`, tags, request: { params: index, body: json(updateBodySchema) }, responses: ack });
  registry.registerPath({
    method: 'get',
    path: `${BASE}/{index}/_status`,
    tags,
    request: { params: index, query: statusQuerySchema },
    responses: { 200: { description: 'status', ...json(statusResponseSchema) } },
  });
  registry.registerPath({
    method: 'get',
    path: `${BASE}/_status`,
    tags,
    request: { query: statusQuerySchema },
    responses: { 200: { description: 'every replication', ...json(z.object({ replications: z.array(statusResponseSchema) })) } },
  });
  for (const name of ['leader_stats', 'follower_stats']) registry.registerPath({ method: 'get', path: `${BASE}/${name}`, tags, responses: stats });
  registry.registerPath({ method: 'get', path: `${BASE}/autofollow_stats`, tags, request: { query: ferryQuerySchema }, responses: stats });
  registry.registerPath({ method: 'post', path: `${BASE}/_autofollow`, tags, request: { body: json(autofollowBodySchema) }, responses: ack });
  registry.registerPath({ method: 'delete', path: `${BASE}/_autofollow`, tags, request: { body: json(autofollowBodySchema) }, responses: ack });
  registry.registerPath({ method: 'get', path: `${BASE}/_autofollow`, tags, responses: stats });
}
