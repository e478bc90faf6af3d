import type { OpenApiRegistry } from '@ferry/core';
import { z } from 'zod';
import { connectBodySchema } from '../connections/connections.schemas';
import type { RouteInfo } from './hq-router';

/** HQ's envelope as an OpenAPI schema. */
const envelopeSchema = z.object({
  status_code: z.number().int(),
  response_time: z.number().int(),
  message: z.string().nullable(),
  data: z.array(z.unknown()),
});

const errorSchema = z.object({ status_code: z.number().int(), message: z.string(), data: z.array(z.unknown()) });

type Method = 'get' | 'post' | 'put' | 'delete' | 'head';

/** Registers every HQ route of the table (plus the connect body) in the gateway's OpenAPI document. */
export function registerHqOpenApi(openapi: OpenApiRegistry, table: readonly RouteInfo[]): void {
  for (const route of table) {
    const path = route.url.replace(/\[(\w+)\]/g, '{$1}');
    const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    const params = names.length ? z.object(Object.fromEntries(names.map((n) => [n, z.string()]))) : undefined;
    for (const method of route.methods.toLowerCase().split(',') as Method[]) {
      const isConnect = method === 'post' && route.api.startsWith('api.clusters_connect');
      openapi.registerPath({
        method,
        path,
        summary: `ElasticHQ ${route.api}`,
        tags: ['hq'],
        request: {
          ...(params ? { params } : {}),
          ...(isConnect ? { body: { content: { 'application/json': { schema: connectBodySchema } } } } : {}),
        },
        responses: {
          200: { description: 'HQ envelope', content: { 'application/json': { schema: envelopeSchema } } },
          default: { description: 'HQ error', content: { 'application/json': { schema: errorSchema } } },
        },
      });
    }
  }
}
