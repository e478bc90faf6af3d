import { parsingError } from '../http/errors';
import { type Candidate, comparable, fieldInfo, fieldValues } from './fields';

/** One sort key as OpenSearch normalises `sort`. */
export interface SortKey {
  field: string;
  desc: boolean;
  missingFirst: boolean;
}

/** A collected hit: the candidate, its score, its sort values and a stable tiebreaker. */
export interface Scored {
  c: Candidate;
  score: number;
  values: unknown[];
  ord: number;
}

/** Normalises `sort` (string, `{field: order}`, `{field: {order, missing}}`, arrays of those). */
export function parseSort(raw: unknown): SortKey[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  const list = Array.isArray(raw) ? raw : [raw];
  return list.map((item) => {
    if (typeof item === 'string') {
      const [field, order] = item.split(':');
      return key(field, order);
    }
    if (item && typeof item === 'object') {
      const [field, spec] = Object.entries(item as Record<string, unknown>)[0] ?? [];
      if (!field) throw parsingError('malformed sort');
      if (typeof spec === 'string') return key(field, spec);
      const s = (spec ?? {}) as { order?: string; missing?: string };
      const k = key(field, s.order);
      if (s.missing !== undefined) k.missingFirst = s.missing === '_first';
      return k;
    }
    throw parsingError('malformed sort');
  });
}

function key(field: string, order?: string): SortKey {
  if (order !== undefined && order !== 'asc' && order !== 'desc') throw parsingError(`Unknown SortOrder [${order}]`);
  const desc = order === 'desc' || (order === undefined && field === '_score');
  return { field, desc, missingFirst: false };
}

/** The sort values of a candidate (what hits report in `sort`). */
export function sortValues(keys: SortKey[], c: Candidate, score: number): unknown[] {
  return keys.map((k) => {
    switch (k.field) {
      case '_score':
        return score;
      case '_doc':
      case '_seq_no':
        return c.row.seq;
      case '_shard_doc':
        // Shard first, then position in the shard: a unique, stable tiebreaker like OpenSearch's.
        return c.row.shard * 2 ** 40 + c.row.seq;
      case '_id':
        return c.row.id;
      default: {
        const info = fieldInfo(c.meta, k.field);
        const vals = fieldValues(c, info).map((v) => comparable(v, info.type === 'text' ? 'keyword' : info.type));
        if (vals.length === 0) return null;
        return vals.reduce((a, b) => ((k.desc ? b > a : b < a) ? b : a));
      }
    }
  });
}

/** Compares two sort value lists under `keys`; null (missing) sorts last unless `missing: _first`. */
export function compareValues(keys: SortKey[], a: unknown[], b: unknown[]): number {
  for (let i = 0; i < keys.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x === null || x === undefined) return keys[i].missingFirst ? -1 : 1;
    if (y === null || y === undefined) return keys[i].missingFirst ? 1 : -1;
    const cmp = (x as number | string) < (y as number | string) ? -1 : (x as number | string) > (y as number | string) ? 1 : 0;
    if (cmp !== 0) return keys[i].desc ? -cmp : cmp;
  }
  return 0;
}

/** Full ordering of collected hits: sort keys, then collection order (index, shard, seq). */
export function compareScored(keys: SortKey[], a: Scored, b: Scored): number {
  return compareValues(keys, a.values, b.values) || a.ord - b.ord;
}
