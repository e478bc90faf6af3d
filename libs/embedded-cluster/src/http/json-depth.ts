import { AppError, jsonDepthBeyond } from '@ferry/core';

/**
 * Deepest nesting of objects and arrays a JSON body may have: Jackson's `StreamReadConstraints` default,
 * which OpenSearch 2.x parses every body with. Everything that walks parsed JSON recursively (dynamic
 * mapping, source filtering, serialisation) stays far from the stack limit at this depth.
 */
export const MAX_JSON_DEPTH = 1000;

/** Refuses JSON text nested deeper than {@link MAX_JSON_DEPTH} with OpenSearch's 400 `x_content_parse_exception`. */
export function assertJsonDepth(text: string): void {
  const depth = jsonDepthBeyond(text, MAX_JSON_DEPTH);
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
