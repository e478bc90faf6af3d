import type { Geometry, Position } from 'geojson';
import { AppError } from '@ferry/core';
import type { IndexMeta } from '../indices/index-meta';
import { parsingError } from '../http/errors';
import { type Candidate, fieldInfo, type FieldInfo, pointValuesAt, sourceOf } from '../search/fields';
import { type Space, parsePoint, parseShape } from './geo-parse';
import { parseRelation, relates } from './geo-relations';
import { distanceMeters, parseDistance } from './distance';

type Matcher = (c: Candidate) => number | null;

const QUERY_KEYS = new Set(['boost', '_name', 'ignore_unmapped', 'validation_method', 'type', 'distance', 'distance_type']);

/** The one field a geo query names, beside its own options. */
function fieldOf(body: Record<string, unknown>, query: string): [string, unknown] {
  const fields = Object.entries(body).filter(([k]) => !QUERY_KEYS.has(k));
  if (fields.length !== 1) throw parsingError(`[${query}] query requires exactly one field, found [${fields.map((f) => f[0]).join(', ')}]`);
  return fields[0];
}

/** The field's mapping, or why the query cannot run on it (`ignore_unmapped` turns a missing field into no match). */
function geoField(meta: IndexMeta, options: { field: string; body: Record<string, unknown>; query: string; types: string[] }): FieldInfo | undefined {
  const info = fieldInfo(meta, options.field);
  if (info.type === undefined) {
    if (options.body.ignore_unmapped === true) return undefined;
    throw new AppError(400, `failed to find ${options.types.join(' or ')} field [${options.field}]`, { type: 'query_shard_exception', fields: { index: meta.name, index_uuid: meta.uuid } });
  }
  if (!options.types.includes(info.type)) {
    throw new AppError(400, `Field [${options.field}] is of unsupported type [${info.type}] for [${options.query}] query`, { type: 'query_shard_exception', fields: { index: meta.name, index_uuid: meta.uuid } });
  }
  return info;
}

/** A document's geometries for a geo/xy field; values that do not parse are skipped (they were refused at index). */
function geometries(c: Candidate, info: FieldInfo, space: Space): Geometry[] {
  const out: Geometry[] = [];
  const isPoint = info.type === 'geo_point' || info.type === 'xy_point';
  for (const v of pointValuesAt(sourceOf(c), info.path)) {
    try {
      out.push(isPoint ? { type: 'Point', coordinates: parsePoint(v, space) } : parseShape(v, space));
    } catch {
      // ignore_malformed values stay in the source but not in the index.
    }
  }
  return out;
}

function points(c: Candidate, info: FieldInfo): Position[] {
  return geometries(c, info, 'geo').flatMap((g) => (g.type === 'Point' ? [g.coordinates] : []));
}

/** Corners of a `geo_bounding_box`: top/left/bottom/right, top_left + bottom_right, top_right + bottom_left, or WKT BBOX. */
function boxOf(spec: unknown): { top: number; left: number; bottom: number; right: number } {
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) throw parsingError('[geo_bounding_box] field must be an object of corners');
  const s = spec as Record<string, unknown>;
  if (typeof s.wkt === 'string') {
    const g = parseShape(s.wkt, 'geo');
    const ring = (g as { coordinates: Position[][] }).coordinates[0];
    return { left: ring[0][0], top: ring[0][1], right: ring[2][0], bottom: ring[2][1] };
  }
  if (s.top_left !== undefined || s.bottom_right !== undefined) {
    const [left, top] = parsePoint(s.top_left, 'geo', 'top_left');
    const [right, bottom] = parsePoint(s.bottom_right, 'geo', 'bottom_right');
    return { top, left, bottom, right };
  }
  if (s.top_right !== undefined || s.bottom_left !== undefined) {
    const [right, top] = parsePoint(s.top_right, 'geo', 'top_right');
    const [left, bottom] = parsePoint(s.bottom_left, 'geo', 'bottom_left');
    return { top, left, bottom, right };
  }
  const box = { top: Number(s.top), left: Number(s.left), bottom: Number(s.bottom), right: Number(s.right) };
  if (Object.values(box).some((v) => !Number.isFinite(v))) throw parsingError('failed to parse bounding box. top, left, bottom and right must all be numbers');
  return box;
}

/** `geo_bounding_box` on a geo_point field; a box whose left is east of its right crosses the dateline. */
export function geoBoundingBoxQuery(meta: IndexMeta, body: Record<string, unknown>): Matcher {
  const [field, spec] = fieldOf(body, 'geo_bounding_box');
  const box = boxOf(spec);
  if (body.validation_method === undefined || String(body.validation_method).toLowerCase() === 'strict') {
    for (const lat of [box.top, box.bottom]) if (lat < -90 || lat > 90) throw parsingError(`top/bottom latitude is invalid [${lat}]`);
    for (const lon of [box.left, box.right]) if (lon < -180 || lon > 180) throw parsingError(`left/right longitude is invalid [${lon}]`);
  }
  if (box.top < box.bottom) throw parsingError(`top is below bottom corner: ${box.top} vs. ${box.bottom}`);
  const info = geoField(meta, { field, body, query: 'geo_bounding_box', types: ['geo_point'] });
  if (!info) return () => null;
  const boost = Number(body.boost ?? 1);
  const inLon = box.left <= box.right ? (x: number) => x >= box.left && x <= box.right : (x: number) => x >= box.left || x <= box.right;
  return (c) => (points(c, info).some(([x, y]) => y >= box.bottom && y <= box.top && inLon(x)) ? boost : null);
}

/** `geo_distance` on a geo_point field: arc (haversine) or plane distance from a point, with units. */
export function geoDistanceQuery(meta: IndexMeta, body: Record<string, unknown>): Matcher {
  const [field, origin] = fieldOf(body, 'geo_distance');
  if (body.distance === undefined) throw parsingError('geo_distance requires \'distance\' to be specified');
  const limit = parseDistance(body.distance);
  const from = parsePoint(origin, 'geo', 'geo_distance point');
  const type = String(body.distance_type ?? 'arc').toLowerCase();
  if (type !== 'arc' && type !== 'plane') throw parsingError(`No geo distance for [${type}]`);
  const info = geoField(meta, { field, body, query: 'geo_distance', types: ['geo_point'] });
  if (!info) return () => null;
  const boost = Number(body.boost ?? 1);
  return (c) => (points(c, info).some((p) => distanceMeters(from, p, type) <= limit) ? boost : null);
}

/**
 * `geo_shape` (geo_shape and geo_point fields) and `xy_shape` (xy_shape and xy_point fields): the document's
 * shapes against `shape` (an `indexed_shape` was read into `shape` before compiling) by `relation`. OpenSearch
 * scores these filters 0, and so does this.
 */
export function shapeQuery(meta: IndexMeta, body: Record<string, unknown>, space: Space): Matcher {
  const name = space === 'geo' ? 'geo_shape' : 'xy_shape';
  const [field, raw] = fieldOf(body, name);
  const spec = (raw ?? {}) as Record<string, unknown>;
  if (spec.shape === undefined) throw parsingError(`[${name}] query requires a [shape] or an [indexed_shape]`);
  const shape = parseShape(spec.shape, space);
  const relation = parseRelation(spec.relation);
  const types = space === 'geo' ? ['geo_shape', 'geo_point'] : ['xy_shape', 'xy_point'];
  const info = geoField(meta, { field, body, query: name, types });
  if (!info) return () => null;
  return (c) => {
    const docs = geometries(c, info, space);
    if (docs.length === 0) return null;
    const doc: Geometry = docs.length === 1 ? docs[0] : { type: 'GeometryCollection', geometries: docs };
    return relates(doc, shape, relation) ? 0 : null;
  };
}
