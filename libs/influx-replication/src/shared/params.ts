import { invalid } from './errors';
import { idProblem } from './ids';

/** A path ID, or 400 with `message` (default: the decoder's reason). */
export function pathId(value: string | undefined, message?: string): string {
  const problem = idProblem(value);
  if (problem) throw invalid(message ?? problem);
  return value as string;
}

/**
 * The first value of a query parameter, as Go's `url.Values.Get` reads it in InfluxDB's handlers:
 * `?org=a&org=b` means `a`; a bracketed `?org[x]=1` (an object here) is not the `org` parameter.
 * Without this, an array or object would reach the SQL parameters and answer 500.
 */
export function firstQueryValue(value: unknown): string | undefined {
  const first = Array.isArray(value) ? (value as unknown[])[0] : value;
  return typeof first === 'string' ? first : undefined;
}

/** An optional query ID filter, or 400 with `message`. */
export function queryId(value: unknown, message: string): string | undefined {
  const first = firstQueryValue(value);
  if (first === undefined || first === '') return undefined;
  if (idProblem(first)) throw invalid(message);
  return first;
}

/** A required query orgID (`invalid or missing org ID` as InfluxDB says). */
export function requiredOrgId(value: unknown): string {
  const first = firstQueryValue(value);
  if (idProblem(first)) throw invalid('invalid or missing org ID');
  return first as string;
}

/** A single string query parameter (the first of repeated ones). */
export function queryString(value: unknown): string | undefined {
  const first = firstQueryValue(value);
  return first !== undefined && first !== '' ? first : undefined;
}
