import { OpenAPIRegistry, OpenApiGeneratorV3 } from '@asteasolutions/zod-to-openapi';

/** Where plugins register their schemas and paths; the gateway serves the merged document. */
export type OpenApiRegistry = OpenAPIRegistry;

/** A fresh registry. */
export function createOpenApiRegistry(): OpenApiRegistry {
  return new OpenAPIRegistry();
}

/** The merged OpenAPI 3.0 document of every registry given. */
export function generateOpenApiDocument(registries: readonly OpenApiRegistry[], info: { title: string; version: string }): unknown {
  const definitions = registries.flatMap((r) => r.definitions);
  return new OpenApiGeneratorV3(definitions).generateDocument({
    openapi: '3.0.3',
    info: { ...info, description: 'Ferry: replication and ingestion gateway' },
  });
}
