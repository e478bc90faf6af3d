import { mapperParsing } from '../http/errors';
import { parsePoint, parseShape } from '../geo/geo-parse';

/** Field types whose values are points or shapes rather than scalars. */
export const GEO_TYPES = new Set(['geo_point', 'geo_shape', 'xy_point', 'xy_shape']);

/** Whether an array is itself one point (`[lon, lat]`, `[x, y]`, optionally with z) rather than a list of points. */
function isPosition(value: unknown[]): boolean {
  return value.length >= 2 && value.length <= 3 && value.every((v) => typeof v === 'number');
}

/**
 * Checks a document's value for a geo / xy field as OpenSearch's mappers parse it (one value or an array of
 * values); a malformed value fails the document with `mapper_parsing_exception` unless `ignore_malformed`.
 */
export function checkGeoValue(options: { type: string; value: unknown; path: string; id: string; ignoreMalformed: boolean }): void {
  const { type, value } = options;
  const space = type.startsWith('geo') ? 'geo' : 'xy';
  const isPoint = type.endsWith('_point');
  const values = Array.isArray(value) && !(isPoint && isPosition(value)) ? value : [value];
  for (const v of values) {
    if (v === null) continue;
    try {
      if (isPoint) parsePoint(v, space);
      else parseShape(v, space);
    } catch (err) {
      if (options.ignoreMalformed) continue;
      throw mapperParsing(`failed to parse field [${options.path}] of type [${type}] in document with id '${options.id}'. ${(err as Error).message}`);
    }
  }
}
