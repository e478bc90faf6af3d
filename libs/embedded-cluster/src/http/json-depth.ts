import { AppError } from '@ferry/core';

/**
 * Deepest nesting of objects and arrays a JSON body may have: Jackson's `StreamReadConstraints` default,
 * which OpenSearch 2.x parses every body with. Everything that walks parsed JSON recursively (dynamic
 * mapping, source filtering, serialisation) stays far from the stack limit at this depth.
 */
export const MAX_JSON_DEPTH = 1000;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;

/**
 * How deep JSON text nests once past `limit` (the first depth beyond it), or 0 if it never passes it.
 * Scans the text iteratively (no recursion, no parse); text shorter than the limit cannot pass it and
 * is not scanned at all, so small bodies cost nothing.
 */
export function depthBeyond(text: string, limit = MAX_JSON_DEPTH): number {
  if (text.length <= limit) return 0;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (++depth > limit) return depth;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) depth--;
  }
  return 0;
}

/** Refuses JSON text nested deeper than {@link MAX_JSON_DEPTH} with OpenSearch's 400 `x_content_parse_exception`. */
export function assertJsonDepth(text: string): void {
  const depth = depthBeyond(text);
  if (depth > 0) {
    throw new AppError(400, `Document nesting depth (${depth}) exceeds the maximum allowed (${MAX_JSON_DEPTH}, from \`StreamReadConstraints.getMaxNestingDepth()\`)`, {
      type: 'x_content_parse_exception',
    });
  }
}

/** `JSON.parse` behind the depth check: the one way the embedded cluster parses untrusted JSON text. */
export function parseJson(text: string): unknown {
  assertJsonDepth(text);
  return JSON.parse(text);
}
