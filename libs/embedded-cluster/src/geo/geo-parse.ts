/// <reference path="./terraformer-wkt.d.ts" />
import type { Geometry, Position } from 'geojson';
import { wktToGeoJSON } from '@terraformer/wkt';
import { parsingError } from '../http/errors';

/** Geographic (lon/lat, range-checked) or cartesian (x/y, any finite number) coordinates. */
export type Space = 'geo' | 'xy';

const BASE32 = '0123456789bcdefghjkmnpqrstuvwxyz';

/** The centre of a geohash cell, as OpenSearch reads a geohash string given for a geo_point. */
function geohashCentre(hash: string): Position | undefined {
  let lat = [-90, 90];
  let lon = [-180, 180];
  let even = true;
  for (const ch of hash.toLowerCase()) {
    const v = BASE32.indexOf(ch);
    if (v < 0) return undefined;
    for (let bit = 4; bit >= 0; bit--) {
      const range = even ? lon : lat;
      const mid = (range[0] + range[1]) / 2;
      if ((v >> bit) & 1) range[0] = mid;
      else range[1] = mid;
      if (even) lon = range;
      else lat = range;
      even = !even;
    }
  }
  return [(lon[0] + lon[1]) / 2, (lat[0] + lat[1]) / 2];
}

function checked(p: Position, space: Space, what: string): Position {
  const [x, y] = p;
  if (!Number.isFinite(x) || !Number.isFinite(y)) throw parsingError(`failed to parse ${what}: coordinates must be numbers`);
  if (space === 'geo') {
    if (y < -90 || y > 90) throw parsingError(`illegal latitude value [${y}] for ${what}`);
    if (x < -180 || x > 180) throw parsingError(`illegal longitude value [${x}] for ${what}`);
  }
  return [x, y];
}

/**
 * A point as OpenSearch accepts it: `{lat, lon}` (`{x, y}` for xy), `[lon, lat]`, `"lat,lon"` (`"x,y"`), WKT
 * `POINT (lon lat)`, GeoJSON `{type: Point}` or, for geo, a geohash. Positions are [lon, lat] / [x, y].
 */
export function parsePoint(value: unknown, space: Space, what = 'point'): Position {
  if (Array.isArray(value)) {
    if (value.length < 2 || value.length > 3 || !value.every((v) => typeof v === 'number')) throw parsingError(`failed to parse ${what}: expected [lon, lat]`);
    return checked([value[0], value[1]], space, what);
  }
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.type === 'string') {
      const g = parseShape(o, space);
      if (g.type !== 'Point') throw parsingError(`failed to parse ${what}: expected a point, found a ${g.type}`);
      return g.coordinates;
    }
    const [xk, yk] = space === 'geo' ? ['lon', 'lat'] : ['x', 'y'];
    if (o[xk] === undefined || o[yk] === undefined) throw parsingError(`failed to parse ${what}: field [${o[yk] === undefined ? yk : xk}] missing`);
    return checked([Number(o[xk]), Number(o[yk])], space, what);
  }
  if (typeof value === 'string') {
    const text = value.trim();
    if (/^point\s*\(/i.test(text)) return parsePoint(parseShape(text, space), space, what);
    const parts = text.split(',');
    if (parts.length === 2 || parts.length === 3) {
      const [a, b] = parts.map((s) => Number(s.trim()));
      return checked(space === 'geo' ? [b, a] : [a, b], space, what);
    }
    const hash = space === 'geo' ? geohashCentre(text) : undefined;
    if (hash && text.length > 0) return hash;
  }
  throw parsingError(`failed to parse ${what}: unsupported value [${JSON.stringify(value)}]`);
}

/** GeoJSON type names are case-insensitive in OpenSearch; `envelope` is its own extension. */
const GEOJSON_TYPES: Record<string, Geometry['type'] | 'Envelope'> = {
  point: 'Point', linestring: 'LineString', polygon: 'Polygon', multipoint: 'MultiPoint', multilinestring: 'MultiLineString',
  multipolygon: 'MultiPolygon', geometrycollection: 'GeometryCollection', envelope: 'Envelope',
};

/** `[[minX, maxY], [maxX, minY]]` (GeoJSON envelope) as a closed polygon. */
function envelope(upperLeft: Position, lowerRight: Position): Geometry {
  const [minX, maxY] = upperLeft;
  const [maxX, minY] = lowerRight;
  if (minY > maxY) throw parsingError(`top [${maxY}] must be above bottom [${minY}] in an envelope`);
  return { type: 'Polygon', coordinates: [[[minX, maxY], [maxX, maxY], [maxX, minY], [minX, minY], [minX, maxY]]] };
}

function positions(value: unknown, depth: number, space: Space): unknown {
  if (!Array.isArray(value)) throw parsingError('failed to parse shape: [coordinates] must be an array');
  if (depth === 0) return checked(value.map(Number), space, 'shape');
  return value.map((v) => positions(v, depth - 1, space));
}

const DEPTH: Record<string, number> = { Point: 0, LineString: 1, MultiPoint: 1, Polygon: 2, MultiLineString: 2, MultiPolygon: 3 };

function fromGeoJson(o: Record<string, unknown>, space: Space): Geometry {
  const type = GEOJSON_TYPES[String(o.type).toLowerCase()];
  if (!type) throw parsingError(`unknown geometry type: ${String(o.type)}`);
  if (type === 'GeometryCollection') {
    if (!Array.isArray(o.geometries)) throw parsingError('geometries not included');
    return { type, geometries: o.geometries.map((g) => parseShape(g, space)) };
  }
  if (o.coordinates === undefined) throw parsingError('coordinates not included');
  if (type === 'Envelope') {
    const c = positions(o.coordinates, 1, space) as Position[];
    if (c.length !== 2) throw parsingError('an envelope needs exactly two corners: [[minLon, maxLat], [maxLon, minLat]]');
    return envelope(c[0], c[1]);
  }
  const coordinates = positions(o.coordinates, DEPTH[type], space);
  if (type === 'Polygon' || type === 'MultiPolygon') {
    const rings = (type === 'Polygon' ? [coordinates] : coordinates) as Position[][][];
    for (const ring of rings.flat()) {
      if (ring.length < 4) throw parsingError(`invalid number of points in LinearRing (found [${ring.length}] - must be >= 4)`);
      const [a, z] = [ring[0], ring[ring.length - 1]];
      if (a[0] !== z[0] || a[1] !== z[1]) throw parsingError('first and last points of the linear ring must be the same (it must close itself)');
    }
  }
  return { type, coordinates } as Geometry;
}

/** WKT, upper-cased for the parser; `BBOX (minLon, maxLon, maxLat, minLat)` is OpenSearch's envelope. */
function fromWkt(text: string, space: Space): Geometry {
  const bbox = /^\s*(?:BBOX|ENVELOPE)\s*\(([^)]*)\)\s*$/i.exec(text);
  if (bbox) {
    const n = bbox[1].split(',').map((s) => Number(s.trim()));
    if (n.length !== 4 || n.some((v) => !Number.isFinite(v))) throw parsingError(`failed to parse WKT [${text}]: BBOX needs four numbers`);
    return envelope(checked([n[0], n[2]], space, 'shape'), checked([n[1], n[3]], space, 'shape'));
  }
  let g: Geometry;
  try {
    g = wktToGeoJSON(text.toUpperCase());
  } catch {
    throw parsingError(`failed to parse WKT [${text.slice(0, 100)}]`);
  }
  return parseShape(g, space);
}

/** A shape as GeoJSON (any case, plus `envelope`) or WKT, coordinates checked for the space. */
export function parseShape(value: unknown, space: Space): Geometry {
  if (typeof value === 'string') return fromWkt(value, space);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw parsingError('shape must be an object consisting of type and coordinates');
  return fromGeoJson(value as Record<string, unknown>, space);
}
