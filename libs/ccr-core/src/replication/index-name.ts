/** The characters OpenSearch refuses in file and index names, printed in the order its messages use. */
const INVALID_CHARS = [' ', '"', '*', '\\', '<', '|', ',', '>', '/', '?'];
const INVALID_LIST = `[${INVALID_CHARS.join(', ')}]`;
const MAX_BYTES = 255;

/**
 * Problems with an index name as the replication plugin reports them (`ValidationUtil.validateName`);
 * empty when the name is acceptable. Dot-prefixed names are refused: system and data-stream backing
 * indices are not replicated.
 */
export function indexNameProblems(name: string): string[] {
  const out: string[] = [];
  if (name.toLowerCase() !== name) out.push(`Value ${name} must be lowercase`);
  if (INVALID_CHARS.some((c) => name.includes(c))) out.push(`Value ${name} must not contain the following characters ${INVALID_LIST}`);
  if (name.includes('#') || name.includes(':')) out.push(`Value ${name} must not contain '#' or ':'`);
  if (name === '.' || name === '..') out.push(`Value ${name} must not be '.' or '..'`);
  if (/^[_\-+]/.test(name)) out.push(`Value ${name} must not start with '_' or '-' or '+'`);
  if (Buffer.byteLength(name, 'utf8') > MAX_BYTES) out.push(`Value ${name} must not be longer than ${MAX_BYTES} bytes`);
  if (name.startsWith('.')) out.push(`Value ${name} must not start with '.'`);
  return out;
}

/**
 * Problems with an autofollow pattern (`Autofollow pattern: X ...`). Wildcards are allowed; commas are
 * not, so one rule holds one include pattern (exclusions have their own field).
 */
export function patternProblems(pattern: string): string[] {
  const out: string[] = [];
  if (pattern.length === 0) return ['Autofollow pattern: must not be empty'];
  const chars = INVALID_CHARS.filter((c) => c !== '*');
  if (chars.some((c) => pattern.includes(c))) {
    out.push(`Autofollow pattern: ${pattern} must not contain the following characters ${INVALID_LIST}`);
  }
  if (pattern.includes('#') || pattern.includes(':')) out.push(`Autofollow pattern: ${pattern} must not contain '#' or ':'`);
  if (/^[_-]/.test(pattern)) out.push(`Autofollow pattern: ${pattern} must not start with '_' or '-'`);
  return out;
}

/** True when `name` matches a wildcard pattern (`*` any run of characters). */
export function matchesPattern(pattern: string, name: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map(escapeRe).join('.*')}$`);
  return re.test(name);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
