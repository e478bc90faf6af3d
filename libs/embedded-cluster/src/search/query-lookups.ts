import { illegalArgument, indexNotFound, parsingError } from '../http/errors';
import type { ClusterNode } from '../node/cluster-node';
import { shardForDoc } from '../documents/shard-for-doc';
import { valuesAt } from './fields';

const LOOKUP_KEYS = new Set(['index', 'id', 'path', 'routing']);

function isLookup(v: unknown): v is { index: unknown; id: unknown; path: unknown; routing?: unknown } {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0 && Object.keys(v).every((k) => LOOKUP_KEYS.has(k));
}

/** The values at `path` of the document the lookup names, read realtime as OpenSearch's TermsLookup does. */
function fetchTerms(node: ClusterNode, lookup: { index: unknown; id: unknown; path: unknown; routing?: unknown }, objects = false): unknown[] {
  if (typeof lookup.index !== 'string' || lookup.id === undefined || typeof lookup.path !== 'string') {
    throw parsingError('[terms] query lookup element requires specifying [index], [id] and [path]');
  }
  const [meta] = node.resolve(lookup.index, {});
  if (!meta) throw indexNotFound(lookup.index);
  const id = String(lookup.id);
  const routing = lookup.routing === undefined ? undefined : String(lookup.routing);
  const row = node.store.latest(meta.num, shardForDoc(meta, id, routing), id);
  if (!row || ('deleted' in row && row.deleted === 1) || row.source === null) return [];
  const values = valuesAt(JSON.parse(row.source), lookup.path);
  return objects ? values : values.filter((v) => v !== null && typeof v !== 'object');
}

/** A shape query's `indexed_shape` ({index, id, path = shape, routing}) read into `shape`. */
function withIndexedShape(node: ClusterNode, spec: unknown): unknown {
  const indexed = (spec as { indexed_shape?: Record<string, unknown> } | null)?.indexed_shape;
  if (!indexed || typeof indexed !== 'object') return spec;
  const { indexed_shape: _, ...rest } = spec as Record<string, unknown>;
  const found = fetchTerms(node, { index: indexed.index, id: indexed.id, path: indexed.path ?? 'shape', routing: indexed.routing }, true);
  if (found.length === 0) throw illegalArgument(`Shape with ID [${String(indexed.id)}] in index [${String(indexed.index)}] not found`);
  return { ...rest, shape: found[0] };
}

/**
 * Replaces every `terms` lookup (`{"terms": {"field": {"index", "id", "path"}}}`) in a query tree with the
 * looked-up values, so the compiled query sees a plain `terms` list (a missing document gives no terms), and
 * every `indexed_shape` of a geo_shape / xy_shape query with the shape it names.
 */
export function resolveQueryLookups(node: ClusterNode, query: unknown): unknown {
  if (query === null || typeof query !== 'object') return query;
  if (Array.isArray(query)) return query.map((q) => resolveQueryLookups(node, q));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(query as Record<string, unknown>)) {
    if (k === 'terms' && v !== null && typeof v === 'object' && !Array.isArray(v)) {
      out[k] = Object.fromEntries(Object.entries(v).map(([f, spec]) => [f, isLookup(spec) ? fetchTerms(node, spec) : spec]));
    } else if ((k === 'geo_shape' || k === 'xy_shape') && v !== null && typeof v === 'object' && !Array.isArray(v)) {
      out[k] = Object.fromEntries(Object.entries(v).map(([f, spec]) => [f, withIndexedShape(node, spec)]));
    } else out[k] = resolveQueryLookups(node, v);
  }
  return out;
}
