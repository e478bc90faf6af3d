/**
 * A store URL fit for logs, errors and APIs: the password (and a `password` query parameter) replaced by
 * `***`. Text that does not parse as a URL is replaced whole, since it may hold a password we cannot find.
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '***';
  }
  if (parsed.password) parsed.password = '***';
  for (const key of [...parsed.searchParams.keys()]) {
    if (/pass|secret|token|key/i.test(key)) parsed.searchParams.set(key, '***');
  }
  return parsed.toString();
}
