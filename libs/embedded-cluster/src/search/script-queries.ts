import { AppError } from '@ferry/core';
import { parsingError } from '../http/errors';
import { docAccess } from '../scripting/doc-access';
import { fromJs, PDouble } from '../scripting/painless-values';
import { type CompiledScript, compileInline } from '../scripting/script-service';
import type { Candidate } from './fields';

type Matcher = (c: Candidate) => number | null;

/** `script` query: a Painless filter script over the document's doc values; matches score the boost. */
export function scriptQuery(body: Record<string, unknown>): Matcher {
  if (body.script === undefined) throw parsingError('script must be provided with a [script] query');
  const script = compileInline(body.script);
  const boost = Number(body.boost ?? 1);
  return (c) => {
    const r = script.run({ doc: docAccess(c) });
    if (typeof r !== 'boolean') throw new AppError(400, `a [script] query script must return a boolean, got [${JSON.stringify(r)}]`, { type: 'illegal_argument_exception' });
    return r ? boost : null;
  };
}

/** `script_score` query: the inner query's matches, scored by the script (`_score` is the inner score). */
export function scriptScoreQuery(body: Record<string, unknown>, compile: (q: unknown) => Matcher): Matcher {
  if (body.script === undefined) throw parsingError('[script_score] requires a [script]');
  if (body.query === undefined) throw parsingError('[script_score] requires a [query]');
  const inner = compile(body.query);
  const script = compileInline(body.script);
  const boost = Number(body.boost ?? 1);
  const minScore = body.min_score === undefined ? undefined : Number(body.min_score);
  return (c) => {
    const s = inner(c);
    if (s === null) return null;
    const r = script.run({ doc: docAccess(c), _score: new PDouble(s) });
    if (typeof r !== 'number' || Number.isNaN(r)) throw new AppError(400, 'script_score script returned a value that is not a number', { type: 'illegal_argument_exception' });
    if (r < 0) throw new AppError(400, `script score function must not produce negative scores, but got: [${r}]`, { type: 'illegal_argument_exception' });
    const score = r * boost;
    return minScore !== undefined && score < minScore ? null : score;
  };
}

/** `script_fields` of a search: each name with its compiled script. */
export type ScriptFields = { name: string; script: CompiledScript }[];

/** Parses `script_fields: {name: {script}}`. */
export function parseScriptFields(raw: unknown): ScriptFields | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw parsingError('[script_fields] must be an object');
  return Object.entries(raw as Record<string, unknown>).map(([name, spec]) => {
    const s = spec as { script?: unknown } | null;
    if (s === null || typeof s !== 'object' || s.script === undefined) throw parsingError(`[script_fields] field [${name}] requires a [script]`);
    return { name, script: compileInline(s.script) };
  });
}

/** The `fields` object of a hit for its script fields (a list result stays a list, anything else is one value). */
export function scriptFieldValues(fields: ScriptFields, c: Candidate, source: () => Record<string, unknown>): Record<string, unknown[]> {
  const doc = docAccess(c);
  return Object.fromEntries(
    fields.map(({ name, script }) => {
      // OpenSearch gives field scripts the hit's source as `params._source`.
      const r = script.run({ doc, params: { ...script.params, _source: fromJs(source()) } });
      return [name, Array.isArray(r) ? r : [r]];
    }),
  );
}

const VALUE_TYPES = new Set(['string', 'long', 'integer', 'short', 'byte', 'double', 'float', 'number', 'numeric', 'date', 'date_nanos', 'ip', 'boolean', 'unsigned_long', 'geo_point', 'range']);
const compiledAggScripts = new WeakMap<object, CompiledScript>();

/** Values an aggregation's `script` yields for a document (compiled once per aggregation). */
export function aggScriptValues(opts: Record<string, unknown>, c: Candidate): unknown[] {
  let script = compiledAggScripts.get(opts);
  if (!script) {
    if (opts.value_type !== undefined && !VALUE_TYPES.has(String(opts.value_type))) throw illegalValueType(opts.value_type);
    compiledAggScripts.set(opts, (script = compileInline(opts.script)));
  }
  const r = script.run({ doc: docAccess(c) });
  return (Array.isArray(r) ? r : [r]).filter((v) => v !== null && v !== undefined);
}

function illegalValueType(v: unknown): AppError {
  return new AppError(400, `Unknown value type [${String(v)}]`, { type: 'illegal_argument_exception' });
}
