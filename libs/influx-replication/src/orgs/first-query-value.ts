/**
 * The first value of a query parameter, as Go's `url.Values.Get` reads it in InfluxDB's list handlers:
 * `?org=a&org=b` filters by `a`; a bracketed `?org[x]=1` (an object here) is not the `org` parameter.
 * Without this, an array or object would reach the SQL parameters and answer 500.
 */
export function firstQueryValue(value: unknown): string | undefined {
  const first = Array.isArray(value) ? (value as unknown[])[0] : value;
  return typeof first === 'string' ? first : undefined;
}
