/** Types for `@terraformer/wkt` (WKT ⇄ GeoJSON; the package ships none). */
declare module '@terraformer/wkt' {
  import type { Geometry } from 'geojson';
  /** Parses upper-case WKT; throws `Error('Unable to parse: ...')`. */
  export function wktToGeoJSON(wkt: string): Geometry;
}
