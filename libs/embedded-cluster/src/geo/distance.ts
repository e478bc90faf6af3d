import type { Position } from 'geojson';
import { parsingError } from '../http/errors';

/** OpenSearch's `GeoUtils.EARTH_MEAN_RADIUS`, in meters. */
const EARTH_MEAN_RADIUS = 6371008.7714;

/** Meters per unit, under every name OpenSearch's `DistanceUnit` accepts. */
const UNITS: [string[], number][] = [
  [['in', 'inch'], 0.0254],
  [['yd', 'yards'], 0.9144],
  [['ft', 'feet'], 0.3048],
  [['km', 'kilometers'], 1000],
  [['NM', 'nmi', 'nauticalmiles'], 1852],
  [['mm', 'millimeters'], 0.001],
  [['cm', 'centimeters'], 0.01],
  [['mi', 'miles'], 1609.344],
  [['m', 'meters'], 1],
];

/** A distance (`12km`, `50mi`, or a number of meters) in meters. */
export function parseDistance(raw: unknown): number {
  if (typeof raw === 'number' && Number.isFinite(raw) && raw >= 0) return raw;
  const text = String(raw).trim();
  for (const [names, meters] of UNITS) {
    for (const unit of names) {
      if (text.endsWith(unit)) {
        const n = Number(text.slice(0, -unit.length).trim());
        if (Number.isFinite(n) && text.length > unit.length) return n * meters;
      }
    }
  }
  const n = Number(text);
  if (text === '' || !Number.isFinite(n) || n < 0) throw parsingError(`failed to parse distance [${text}]`);
  return n;
}

const rad = (d: number) => (d * Math.PI) / 180;

/** Distance between two [lon, lat] points: `arc` on the sphere (haversine), `plane` on the local equirectangular plane. */
export function distanceMeters(a: Position, b: Position, type: 'arc' | 'plane' | string): number {
  const [lon1, lat1] = a.map(rad);
  const [lon2, lat2] = b.map(rad);
  if (type === 'plane') {
    const x = (lon2 - lon1) * Math.cos((lat1 + lat2) / 2);
    return Math.hypot(x, lat2 - lat1) * EARTH_MEAN_RADIUS;
  }
  const h = Math.sin((lat2 - lat1) / 2) ** 2 + Math.cos(lat1) * Math.cos(lat2) * Math.sin((lon2 - lon1) / 2) ** 2;
  return 2 * EARTH_MEAN_RADIUS * Math.asin(Math.min(1, Math.sqrt(h)));
}
