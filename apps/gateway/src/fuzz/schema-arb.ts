import fc from 'fast-check';
import type { JsonSchema } from './operations';

/** Names the valid generators use for free strings, so some requests name things that exist. */
export interface NamePool {
  strings: fc.Arbitrary<string>;
}

function objectArb(schema: JsonSchema, pool: NamePool, depth: number): fc.Arbitrary<unknown> {
  const props = schema.properties ?? {};
  const required = schema.required ?? [];
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [k, v] of Object.entries(props)) model[k] = schemaArb(v, pool, depth + 1);
  if (Object.keys(model).length === 0) return fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 });
  return fc.record(model, { requiredKeys: required.filter((k) => k in model) });
}

/** A value valid for `schema` (as far as JSON Schema can say; zod refinements may still refuse it). */
export function schemaArb(schema: JsonSchema, pool: NamePool, depth = 0): fc.Arbitrary<unknown> {
  if (depth > 6) return fc.constant(null);
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  const alts = schema.anyOf ?? schema.oneOf;
  if (alts?.length) return fc.oneof(...alts.map((s) => schemaArb(s, pool, depth + 1)));
  if (schema.allOf?.length) return schemaArb(Object.assign({}, ...schema.allOf) as JsonSchema, pool, depth + 1);
  const base = typedArb(schema, pool, depth);
  return schema.nullable ? fc.option(base, { nil: null, freq: 8 }) : base;
}

function typedArb(schema: JsonSchema, pool: NamePool, depth: number): fc.Arbitrary<unknown> {
  switch (schema.type) {
    case 'string':
      return fc.oneof(pool.strings, fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.max(schema.minLength ?? 0, 16) }));
    case 'integer':
      return fc.integer({ min: schema.minimum ?? 0, max: Math.min(schema.maximum ?? 1000, 1_000_000) });
    case 'number':
      return fc.double({ min: schema.minimum ?? 0, max: schema.maximum ?? 1000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(schemaArb(schema.items ?? {}, pool, depth + 1), { maxLength: 3 });
    case 'object':
      return objectArb(schema, pool, depth);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}
