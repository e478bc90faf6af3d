import type { IndexMeta } from '../indices/index-meta';
import { illegalArgument, parsingError } from '../http/errors';
import { type Candidate, fieldInfo, sourceOf, valuesAt } from '../search/fields';
import { type SpaceType, vectorSpec } from './knn-vector';

type Matcher = (c: Candidate) => number | null;

/** The k-NN plugin's largest `k`. */
const K_MAX = 10000;

/** Distance between two vectors in a space, as the k-NN plugin (faiss) reports it: l2 is the squared distance. */
export function distance(space: SpaceType, a: number[], b: number[]): number {
  let acc = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i] - b[i];
    if (space === 'l2') acc += d * d;
    else if (space === 'l1') acc += Math.abs(d);
    else if (space === 'linf') acc = Math.max(acc, Math.abs(d));
    else {
      acc += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
  }
  if (space === 'innerproduct') return -acc;
  if (space === 'cosinesimil') return 1 - (na === 0 || nb === 0 ? 0 : acc / Math.sqrt(na * nb));
  return acc;
}

/** The k-NN plugin's score for a distance: 1/(1+d); innerproduct 1+dot (dot ≥ 0) or 1/(1-dot); cosine (2-d)/2. */
export function scoreOf(space: SpaceType, d: number): number {
  if (space === 'cosinesimil') return Math.max(0, (2 - d) / 2);
  if (space === 'innerproduct') return d <= 0 ? 1 - d : 1 / (1 + d);
  return 1 / (1 + d);
}

interface KnnSpec {
  field: string;
  vector: number[];
  k?: number;
  maxDistance?: number;
  minScore?: number;
  filter?: unknown;
  boost: number;
}

function parseSpec(body: Record<string, unknown>): KnnSpec {
  const entries = Object.entries(body);
  if (entries.length !== 1) throw parsingError(`[knn] query doesn't support multiple fields, found [${entries.map((e) => e[0]).join('] and [')}]`);
  const [field, raw] = entries[0];
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw parsingError(`[knn] query malformed, no start_object after field name [${field}]`);
  const spec = raw as Record<string, unknown>;
  if (!Array.isArray(spec.vector) || spec.vector.length === 0) throw illegalArgument('[knn] requires query vector');
  if (!spec.vector.every((v) => typeof v === 'number' && Number.isFinite(v))) throw parsingError('[knn] failed to parse field [vector]: values must be numbers');
  const num = (key: string): number | undefined => {
    if (spec[key] === undefined || spec[key] === null) return undefined;
    const n = Number(spec[key]);
    if (!Number.isFinite(n)) throw parsingError(`[knn] failed to parse field [${key}]`);
    return n;
  };
  const k = num('k');
  const maxDistance = num('max_distance');
  const minScore = num('min_score');
  if ([k, maxDistance, minScore].filter((v) => v !== undefined).length !== 1) {
    throw illegalArgument('[knn] requires exactly one of k, distance or score to be set');
  }
  if (k !== undefined && (!Number.isInteger(k) || k <= 0 || k > K_MAX)) throw illegalArgument(`[knn] requires k to be in the range (0, ${K_MAX}]`);
  if (minScore !== undefined && minScore <= 0) throw illegalArgument('[knn] requires min_score greater than 0');
  return { field, vector: spec.vector as number[], k, maxDistance, minScore, filter: spec.filter ?? undefined, boost: num('boost') ?? 1 };
}

/**
 * The k-NN plugin's `knn` query, answered by exact (brute-force) search over the shard: with `k`, the k nearest
 * documents (after `filter`, as the plugin's efficient filtering does); with `max_distance` / `min_score`, every
 * document inside the radius (radial search). Scores follow the plugin's formulas per space type.
 */
export function knnQuery(meta: IndexMeta, body: Record<string, unknown>, compile: (q: unknown) => Matcher): Matcher {
  const spec = parseSpec(body);
  const info = fieldInfo(meta, spec.field);
  const mapping = lookupMapping(meta, spec.field);
  if (info.type !== 'knn_vector' || !mapping) throw illegalArgument(`Field '${spec.field}' is not knn_vector type.`);
  const { dimension, space } = vectorSpec(mapping);
  if (spec.vector.length !== dimension) throw illegalArgument(`Query vector has invalid dimension: ${spec.vector.length}. Dimension should be: ${dimension}`);
  const filter = spec.filter === undefined ? undefined : compile(spec.filter);
  const score = (c: Candidate): number | null => {
    const v = valuesAt(sourceOf(c), info.path);
    if (v.length !== dimension || (filter && filter(c) === null)) return null;
    const d = distance(space, spec.vector, v.map(Number));
    if (spec.maxDistance !== undefined && d > spec.maxDistance) return null;
    const s = scoreOf(space, d);
    if (spec.minScore !== undefined && s < spec.minScore) return null;
    return s;
  };
  if (spec.k === undefined) return (c) => scaled(score(c), spec.boost);
  return topK(score, spec.k, spec.boost);
}

function scaled(s: number | null, boost: number): number | null {
  return s === null ? null : s * boost;
}

/** The k best documents of each shard (ties by seq, as the plugin's per-segment order), computed once per shard. */
function topK(score: Matcher, k: number, boost: number): Matcher {
  let shardKey: string | undefined;
  let best = new Map<string, number>();
  return (c) => {
    if (!c.shard) return scaled(score(c), boost);
    if (c.shard.key !== shardKey) {
      const scored: { id: string; s: number }[] = [];
      for (const row of c.shard.rows()) {
        const s = score({ meta: c.meta, row });
        if (s !== null) scored.push({ id: row.id, s });
      }
      scored.sort((a, b) => b.s - a.s);
      best = new Map(scored.slice(0, k).map((e) => [e.id, e.s]));
      shardKey = c.shard.key;
    }
    return scaled(best.get(c.row.id) ?? null, boost);
  };
}

function lookupMapping(meta: IndexMeta, field: string): Record<string, unknown> | undefined {
  let props = meta.mappings.properties;
  let mapping: Record<string, unknown> | undefined;
  for (const part of field.split('.')) {
    mapping = props?.[part];
    if (!mapping) return undefined;
    props = mapping.properties as typeof props;
  }
  return mapping;
}
