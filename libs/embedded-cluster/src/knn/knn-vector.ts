import { AppError } from '@ferry/core';
import { mapperParsing } from '../http/errors';

/** The k-NN plugin's space types (float vectors) and its default. */
export const SPACE_TYPES = ['l2', 'cosinesimil', 'innerproduct', 'l1', 'linf'] as const;
export type SpaceType = (typeof SPACE_TYPES)[number];

/** The k-NN plugin's largest `dimension` for float vectors. */
const MAX_DIMENSION = 16000;

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A `knn_vector` field's dimension and space (`space_type` at the top or inside `method`, default l2). */
export function vectorSpec(mapping: Record<string, unknown>): { dimension: number; space: SpaceType } {
  const method = isObject(mapping.method) ? mapping.method : {};
  const space = String(mapping.space_type ?? method.space_type ?? 'l2') as SpaceType;
  return { dimension: Number(mapping.dimension), space };
}

/**
 * Refuses a `knn_vector` mapping the k-NN plugin refuses: missing or bad `dimension`, unknown `space_type`.
 * `method`, `mode` (`on_disk` / `in_memory`), `compression_level` and `data_type` are stored as given: search here is
 * exact (brute force), which every method answers identically up to approximation.
 */
export function checkVectorMapping(path: string, mapping: Record<string, unknown>): void {
  if (mapping.dimension === undefined) throw mapperParsing(`Dimension value missing for vector: ${path}`);
  const { dimension, space } = vectorSpec(mapping);
  if (!Number.isInteger(dimension) || dimension <= 0) throw mapperParsing(`Dimension value must be greater than 0 for vector: ${path}`);
  if (dimension > MAX_DIMENSION) throw mapperParsing(`Dimension value cannot be greater than ${MAX_DIMENSION} for vector: ${path}`);
  if (!(SPACE_TYPES as readonly string[]).includes(space)) {
    throw mapperParsing(`Unable to find space: ${space}`);
  }
  if (mapping.data_type !== undefined && mapping.data_type !== 'float') {
    throw mapperParsing(`[data_type] ${String(mapping.data_type)} is not supported by the embedded cluster, only [float]`);
  }
  if (mapping.mode !== undefined && mapping.mode !== 'on_disk' && mapping.mode !== 'in_memory') {
    throw mapperParsing(`Invalid mode: ${String(mapping.mode)}. Valid values are [in_memory, on_disk]`);
  }
}

/** Checks a document's vector as the k-NN mapper parses it: an array of `dimension` finite numbers. */
export function checkVectorValue(options: { mapping: Record<string, unknown>; value: unknown; path: string; id: string }): void {
  const { dimension } = vectorSpec(options.mapping);
  const fail = (cause: string) =>
    new AppError(400, `failed to parse field [${options.path}] of type [knn_vector] in document with id '${options.id}'. Preview of field's value: 'null'`, {
      type: 'mapper_parsing_exception',
      fields: { caused_by: { type: 'illegal_argument_exception', reason: cause } },
    });
  const values = Array.isArray(options.value) ? options.value : [options.value];
  for (const v of values) {
    if (typeof v !== 'number' && !(typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)))) {
      throw fail(`KNN vector values must be numbers, found [${JSON.stringify(v)}]`);
    }
  }
  if (values.length !== dimension) throw fail(`Vector dimension mismatch. Expected: ${dimension}, Given: ${values.length}`);
}
