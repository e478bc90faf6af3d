import { illegalArgument, mapperParsing } from '../http/errors';
import { checkVectorMapping } from '../knn/knn-vector';
import type { FieldMapping, Mappings } from '../indices/index-meta';

/** OpenSearch's default `index.mapping.depth.limit`: deepest object nesting (the root counts as 1). */
export const DEFAULT_DEPTH_LIMIT = 20;
/** OpenSearch's default `index.mapping.total_fields.limit`: fields, objects and multi-fields together. */
export const DEFAULT_TOTAL_FIELDS_LIMIT = 1000;
/** OpenSearch's default `index.mapping.nested_fields.limit`: fields of type `nested`. */
export const DEFAULT_NESTED_FIELDS_LIMIT = 50;

/** What {@link checkMappingLimits} checks: a candidate mapping of an index, before it is stored. */
export interface MappingLimitCheck {
  index: string;
  mappings: Mappings;
  settings: Record<string, unknown>;
}

interface Counts {
  total: number;
  nested: number;
  /** The shallowest object field deeper than the depth limit. */
  tooDeep?: string;
}

function limit(settings: Record<string, unknown>, key: string, fallback: number): number {
  const raw = settings[key];
  return raw === undefined || raw === null ? fallback : Number(raw);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Walks the field tree breadth first with a queue (no recursion), so any depth is safe to walk. */
function count(mappings: Mappings, depthLimit: number): Counts {
  const counts: Counts = { total: 0, nested: 0 };
  const queue: { props: unknown; path: string; level: number }[] = [{ props: mappings.properties, path: '', level: 1 }];
  for (let q = 0; q < queue.length; q++) {
    const { props, path, level } = queue[q];
    if (props === undefined) continue;
    if (!isObject(props)) throw mapperParsing(`Expected map for property [properties] on field [${path || '_doc'}] but got [${typeof props}]`);
    for (const [name, field] of Object.entries(props)) {
      const full = path ? `${path}.${name}` : name;
      if (!isObject(field)) throw mapperParsing(`Expected map for property [${full}] but got [${typeof field}]`);
      const mapping = field as FieldMapping;
      counts.total += 1 + (isObject(mapping.fields) ? Object.keys(mapping.fields).length : 0);
      if (mapping.type === 'nested') counts.nested++;
      if (mapping.type === 'knn_vector') checkVectorMapping(full, mapping);
      const isObjectField = mapping.properties !== undefined || mapping.type === 'object' || mapping.type === 'nested';
      // OpenSearch's MapperService.checkDepthLimit: an object field's depth is its dots plus two.
      if (isObjectField && level + 1 > depthLimit && counts.tooDeep === undefined) counts.tooDeep = full;
      if (mapping.properties !== undefined) queue.push({ props: mapping.properties, path: full, level: level + 1 });
    }
  }
  return counts;
}

/**
 * Refuses a mapping past `index.mapping.total_fields.limit`, `index.mapping.depth.limit` or
 * `index.mapping.nested_fields.limit` with OpenSearch's messages; callers store nothing when it throws.
 */
export function checkMappingLimits(check: MappingLimitCheck): void {
  const { index, settings } = check;
  const depthLimit = limit(settings, 'index.mapping.depth.limit', DEFAULT_DEPTH_LIMIT);
  const counts = count(check.mappings, depthLimit);
  const totalLimit = limit(settings, 'index.mapping.total_fields.limit', DEFAULT_TOTAL_FIELDS_LIMIT);
  if (counts.total > totalLimit) throw illegalArgument(`Limit of total fields [${totalLimit}] in index [${index}] has been exceeded`);
  if (counts.tooDeep !== undefined) {
    throw illegalArgument(`Limit of mapping depth [${depthLimit}] in index [${index}] has been exceeded due to object field [${counts.tooDeep}]`);
  }
  const nestedLimit = limit(settings, 'index.mapping.nested_fields.limit', DEFAULT_NESTED_FIELDS_LIMIT);
  if (counts.nested > nestedLimit) throw illegalArgument(`Limit of nested fields [${nestedLimit}] in index [${index}] has been exceeded`);
}
