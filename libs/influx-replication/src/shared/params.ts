import { invalid } from './errors';
import { idProblem } from './ids';

/** A path ID, or 400 with `message` (default: the decoder's reason). */
export function pathId(value: string | undefined, message?: string): string {
  const problem = idProblem(value);
  if (problem) throw invalid(message ?? problem);
  return value as string;
}

/** An optional query ID filter, or 400 with `message`. */
export function queryId(value: unknown, message: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (idProblem(value)) throw invalid(message);
  return value as string;
}

/** A required query orgID (`invalid or missing org ID` as InfluxDB says). */
export function requiredOrgId(value: unknown): string {
  if (idProblem(value)) throw invalid('invalid or missing org ID');
  return value as string;
}

/** A single string query parameter. */
export function queryString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
