import type { Geometry, LineString, Point, Polygon } from 'geojson';
import { booleanIntersects } from '@turf/boolean-intersects';
import { booleanWithin } from '@turf/boolean-within';
import { parsingError } from '../http/errors';

/** The spatial relations of `geo_shape` / `xy_shape` queries. */
export type Relation = 'intersects' | 'disjoint' | 'within' | 'contains';

type Simple = Point | LineString | Polygon;

const RANK: Record<Simple['type'], number> = { Point: 0, LineString: 1, Polygon: 2 };

/** A geometry as its simple parts: multi-geometries and collections taken apart. */
export function partsOf(g: Geometry): Simple[] {
  switch (g.type) {
    case 'Point':
    case 'LineString':
    case 'Polygon':
      return [g];
    case 'MultiPoint':
      return g.coordinates.map((coordinates) => ({ type: 'Point', coordinates }));
    case 'MultiLineString':
      return g.coordinates.map((coordinates) => ({ type: 'LineString', coordinates }));
    case 'MultiPolygon':
      return g.coordinates.map((coordinates) => ({ type: 'Polygon', coordinates }));
    case 'GeometryCollection':
      return g.geometries.flatMap(partsOf);
  }
}

/** Whether simple `a` lies within simple `b` (boundary included for points, as Lucene's within does). */
function partWithin(a: Simple, b: Simple): boolean {
  // A shape cannot lie within one of lower dimension, except a point on a point or a line on a line.
  if (RANK[a.type] > RANK[b.type]) return false;
  if (a.type === 'Point' && b.type === 'Polygon') return booleanIntersects(a, b);
  if (a.type === 'Point' && b.type === 'Point') return a.coordinates[0] === b.coordinates[0] && a.coordinates[1] === b.coordinates[1];
  return booleanWithin(a, b);
}

/**
 * Whether a document's shape stands in `relation` to the query shape. Relations are computed in the plane of
 * the coordinates (lon/lat degrees for geo, as Lucene's tessellated shapes are), by turf's predicates over the
 * simple parts: `within` needs every part of the document inside some part of the query shape, `contains` the
 * reverse, `intersects` any pair of parts touching, `disjoint` none.
 */
export function relates(doc: Geometry, query: Geometry, relation: Relation): boolean {
  const d = partsOf(doc);
  const q = partsOf(query);
  switch (relation) {
    case 'intersects':
      return d.some((a) => q.some((b) => booleanIntersects(a, b)));
    case 'disjoint':
      return !d.some((a) => q.some((b) => booleanIntersects(a, b)));
    case 'within':
      return d.length > 0 && d.every((a) => q.some((b) => partWithin(a, b)));
    case 'contains':
      return q.length > 0 && q.every((b) => d.some((a) => partWithin(b, a)));
  }
}

/** `relation` as the query names it (case-insensitive), `intersects` by default. */
export function parseRelation(raw: unknown): Relation {
  if (raw === undefined || raw === null) return 'intersects';
  const r = String(raw).toLowerCase();
  if (r === 'intersects' || r === 'disjoint' || r === 'within' || r === 'contains') return r;
  throw parsingError(`Unknown shape relation [${String(raw)}]`);
}
