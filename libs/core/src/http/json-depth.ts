import { ValidationError } from '../errors/app-error';

/** Deepest nesting (objects and arrays) Ferry accepts in a JSON request body. */
export const MAX_JSON_DEPTH = 100;

/**
 * Deepest nesting Ferry accepts in a JSON answer of a cluster or peer: OpenSearch refuses documents deeper
 * than 1000 (`opensearch.xcontent.depth.max`), and an answer wraps a document in a few levels more.
 */
export const MAX_ANSWER_DEPTH = 1100;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;

/**
 * How deep JSON text nests once past `limit` (the first depth beyond it), or 0 if it never passes it.
 * One iterative pass over the bytes or UTF-16 units (brackets inside strings do not count), so it never
 * recurses whatever the input; text no longer than `limit` cannot pass it and is not scanned. It does
 * not validate the syntax: `JSON.parse` does that afterwards.
 */
export function jsonDepthBeyond(text: Buffer | string, limit: number): number {
  if (text.length <= limit) return 0;
  return typeof text === 'string' ? depthOfString(text, limit) : depthOfBytes(text, limit);
}

// Strings are skipped with indexOf (native, fast on long values) to the next quote no odd run of
// backslashes escapes; only the structure is stepped through one unit at a time. This scans every answer a
// cluster sends (a CCR page is megabytes of documents): a loop over every unit through a callback was several
// times slower than JSON.parse itself.
function depthOfString(text: string, limit: number): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = closingQuote(text, i);
      if (i < 0) return 0;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (++depth > limit) return depth;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) depth--;
  }
  return 0;
}

function depthOfBytes(text: Buffer, limit: number): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === QUOTE) {
      i = closingQuote(text, i);
      if (i < 0) return 0;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (++depth > limit) return depth;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) depth--;
  }
  return 0;
}

/** Index of the quote closing the string opened at `open`, or -1 when it never closes (JSON.parse then says why). */
function closingQuote(text: string | Buffer, open: number): number {
  let j = open;
  for (;;) {
    j = typeof text === 'string' ? text.indexOf('"', j + 1) : text.indexOf(QUOTE, j + 1);
    if (j < 0) return -1;
    let backslashes = 0;
    for (let k = j - 1; (typeof text === 'string' ? text.charCodeAt(k) : text[k]) === BACKSLASH; k--) backslashes++;
    if (backslashes % 2 === 0) return j;
  }
}

/** True when the JSON text nests objects and arrays deeper than `max` (see {@link jsonDepthBeyond}). */
export function jsonDepthExceeds(text: Buffer | string, max: number): boolean {
  return jsonDepthBeyond(text, max) > 0;
}

/** The 400 for a body nested too deep; `parsing_exception` is what OpenSearch names a body it refuses to parse. */
export function jsonTooDeep(max = MAX_JSON_DEPTH): ValidationError {
  return new ValidationError(`the JSON body nests deeper than ${max} levels`, { type: 'parsing_exception', code: 'json_too_deep' });
}

/** Refuses (400) a JSON body nested deeper than `max`. */
export function assertJsonDepth(text: Buffer | string, max = MAX_JSON_DEPTH): void {
  if (jsonDepthExceeds(text, max)) throw jsonTooDeep(max);
}

/** `JSON.parse` of a request body after the depth check: a 400 when too deep, `SyntaxError` as usual when malformed. */
export function parseBoundedJson(text: Buffer | string, max = MAX_JSON_DEPTH): unknown {
  assertJsonDepth(text, max);
  return JSON.parse(typeof text === 'string' ? text : text.toString('utf8'));
}
