import { AppError } from '@ferry/core';
import Mustache from 'mustache';
import { parseJson } from '../http/json-depth';
import type { ScriptService } from './script-service';
import { javaString } from './painless-values';

/** A JSON string's inside: what OpenSearch's mustache escapes a value to in a JSON template. */
const jsonEscape = (v: unknown) => JSON.stringify(typeof v === 'string' ? v : javaString(v)).slice(1, -1);

/**
 * OpenSearch's mustache extras: `{{#toJson}}name{{/toJson}}` writes a parameter as JSON and
 * `{{#join}}name{{/join}}` joins a list with commas.
 */
function viewOf(params: Record<string, unknown>): Record<string, unknown> {
  const lookup = (path: string) => path.trim().split('.').reduce<unknown>((o, k) => (o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), params);
  return {
    ...params,
    toJson: () => (text: string) => JSON.stringify(lookup(text) ?? null),
    join: () => (text: string) => {
      const v = lookup(text);
      return Array.isArray(v) ? v.map((x) => jsonEscape(x)).join(',') : jsonEscape(v ?? '');
    },
  };
}

/** Renders a mustache template with params to the text OpenSearch would search with. */
export function renderMustache(source: string, params: Record<string, unknown>): string {
  try {
    return Mustache.render(source, viewOf(params), {}, { escape: jsonEscape });
  } catch (err) {
    throw new AppError(400, `Failed to compile inline script [${source.slice(0, 100)}] using lang [mustache]: ${(err as Error).message}`, { type: 'general_script_exception' });
  }
}

/**
 * A search template request (`{id | source, params}`) rendered to the search body it stands for: the stored
 * script's source for `id`, the inline `source` (a string, or an object taken as its JSON text) otherwise.
 */
export function renderSearchTemplate(scripts: ScriptService, body: Record<string, unknown> | undefined, pathId?: string): Record<string, unknown> {
  const b = body ?? {};
  const id = pathId ?? b.id;
  if (id === undefined && b.source === undefined) throw new AppError(400, 'Validation Failed: 1: template is missing;', { type: 'action_request_validation_exception' });
  const r = scripts.resolve(id !== undefined ? { id, params: b.params } : { source: b.source, lang: 'mustache', params: b.params }, 'mustache');
  if (r.lang !== 'mustache') throw new AppError(400, `[${String(id)}] is a [${r.lang}] script, not a search template`, { type: 'illegal_argument_exception' });
  const text = renderMustache(r.source, r.params);
  let out: unknown;
  try {
    out = parseJson(text);
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    throw new AppError(400, `the rendered template is not JSON: ${err.message}`, { type: 'json_parse_exception' });
  }
  if (out === null || typeof out !== 'object' || Array.isArray(out)) throw new AppError(400, 'the rendered template must be a JSON object', { type: 'parsing_exception' });
  return out as Record<string, unknown>;
}
