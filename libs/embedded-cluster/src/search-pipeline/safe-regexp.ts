import { AppError } from '@ferry/core';

/** Longest pattern a processor may configure. */
const MAX_PATTERN = 1000;

/**
 * A processor's configured regular expression (split separators). JavaScript's engine backtracks, so a
 * quantified group that is itself quantified (`(a+)+`, the shape of catastrophic backtracking) is refused
 * when the pipeline is stored rather than left to stall the node on some document.
 */
export function safeRegExp(pattern: string, where: string): RegExp {
  if (pattern.length > MAX_PATTERN) throw new AppError(400, `[${where}] pattern is longer than ${MAX_PATTERN} characters`, { type: 'parse_exception' });
  if (/\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)\s*[+*{]/.test(pattern)) {
    throw new AppError(400, `[${where}] pattern [${pattern}] nests quantifiers, which can take exponential time`, { type: 'parse_exception' });
  }
  try {
    return new RegExp(pattern);
  } catch (err) {
    throw new AppError(400, `[${where}] invalid pattern [${pattern}]: ${(err as Error).message}`, { type: 'parse_exception' });
  }
}
