import { z } from 'zod';
import { createOpenApiRegistry, type OpenApiRegistry } from '../openapi/openapi';
import { flowsQuerySchema, flowsResponseSchema, whoamiResponseSchema } from './flow.schemas';

const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
const gatewayError = json(z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }) }).meta({ id: 'GatewayError' }));

/** The gateway's own routes (`/_gateway/*`) in the OpenAPI document. */
export function gatewayOpenApi(): OpenApiRegistry {
  const registry = createOpenApiRegistry();
  const tags = ['gateway'];
  const denied = { 401: { description: 'auth is on and no valid token was sent', ...gatewayError } };
  registry.registerPath({
    method: 'get',
    path: '/_gateway/health',
    tags,
    summary: 'Health of every plugin (no token needed)',
    responses: { 200: { description: 'ok or degraded', ...json(z.record(z.string(), z.unknown())) }, 503: { description: 'a plugin is down' } },
  });
  registry.registerPath({ method: 'get', path: '/_gateway/info', tags, summary: 'Version, plugins and mounts', responses: { 200: { description: 'info', ...json(z.record(z.string(), z.unknown())) }, ...denied } });
  registry.registerPath({ method: 'get', path: '/_gateway/metrics', tags, summary: 'Prometheus metrics', responses: { 200: { description: 'text exposition format' }, ...denied } });
  registry.registerPath({ method: 'get', path: '/_gateway/openapi.json', tags, summary: 'This document', responses: { 200: { description: 'OpenAPI 3.0' }, ...denied } });
  registry.registerPath({
    method: 'get',
    path: '/_gateway/whoami',
    tags,
    summary: 'Whether auth is on, and the role and token name of the caller (never the token)',
    responses: { 200: { description: 'the caller', ...json(whoamiResponseSchema) }, ...denied },
  });
  registry.registerPath({
    method: 'get',
    path: '/_gateway/flows',
    tags,
    summary: 'Every replication and ingestion flow, worst first, with its lag history',
    request: { query: flowsQuerySchema },
    responses: {
      200: { description: 'the flows board', ...json(flowsResponseSchema) },
      400: { description: 'an unknown kind or state, or a bad history value', ...gatewayError },
      ...denied,
    },
  });
  return registry;
}
