import { type WildcardMatcher, wildcardMatcher } from './wildcard';
import { invalidIndexName } from '../http/errors';

/** Characters OpenSearch's `Strings.INVALID_FILENAME_CHARS` lists, in the order its message prints them. */
const INVALID_CHARS = [' ', '"', '*', '\\', '<', '|', ',', '>', '/', '?'];
const MAX_BYTES = 255;

/** OpenSearch's `MetadataCreateIndexService.validateIndexOrAliasName` rules and messages, plus lowercase. */
export function validateIndexName(name: string): void {
  if (INVALID_CHARS.some((c) => name.includes(c))) {
    throw invalidIndexName(name, `must not contain the following characters [${INVALID_CHARS.join(', ')}]`);
  }
  if (name.includes('#')) throw invalidIndexName(name, "must not contain '#'");
  if (name.includes(':')) throw invalidIndexName(name, "must not contain ':'");
  if (name.startsWith('_') || name.startsWith('-') || name.startsWith('+')) {
    throw invalidIndexName(name, "must not start with '_', '-', or '+'");
  }
  const bytes = Buffer.byteLength(name, 'utf8');
  if (bytes > MAX_BYTES) throw invalidIndexName(name, `index name is too long, (${bytes} > ${MAX_BYTES})`);
  if (name === '.' || name === '..') throw invalidIndexName(name, "must not be '.' or '..'");
  if (name !== name.toLowerCase()) throw invalidIndexName(name, 'must be lowercase');
}

/** Whether an expression part is a wildcard pattern. */
export function isPattern(part: string): boolean {
  return part.includes('*');
}

/**
 * Compiles an OpenSearch simple wildcard (`*` only). It keeps its name for its many callers but no longer
 * builds a RegExp: patterns come from requests, and a backtracking RegExp can take years on one.
 */
export function wildcardRegex(pattern: string): WildcardMatcher {
  return wildcardMatcher(pattern);
}
