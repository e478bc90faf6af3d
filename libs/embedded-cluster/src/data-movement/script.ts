import { illegalArgument } from '../http/errors';
import { compileInline } from '../scripting/script-service';
import { fromJs, isMap } from '../scripting/painless-values';

/** What a script did to a document: `ctx.op` as the script left it. */
export type ScriptOp = 'index' | 'noop' | 'delete';

/** Metadata a document script sees beside `_source` (`ctx._id`, `ctx._index`, ...). */
export type ScriptCtxMeta = Record<string, unknown>;

/** Runs a script over a document's source in place; returns the `ctx.op` it chose. */
export type ScriptFn = (source: Record<string, unknown>, meta?: ScriptCtxMeta) => ScriptOp;

const OPS: Record<string, ScriptOp> = { index: 'index', create: 'index', noop: 'noop', none: 'noop', delete: 'delete' };

/**
 * Compiles an update, update-by-query or reindex script (Painless, `src/scripting`): it reads and changes
 * `ctx._source` and may set `ctx.op` to `noop` or `delete`. Stored scripts are inlined by the caller.
 */
export function compileScript(script: unknown): ScriptFn {
  const compiled = compileInline(script);
  return (source, meta = {}) => {
    const ctx: Record<string, unknown> = { ...fromJs(meta) as Record<string, unknown>, _source: fromJs(source), op: meta.op ?? 'index' };
    compiled.run({ ctx });
    const op = OPS[String(ctx.op)];
    if (!op) throw illegalArgument(`Operation type [${String(ctx.op)}] not allowed, only [noop, index, delete] are allowed`);
    const out = compiled.toJs(ctx._source);
    if (!isMap(out)) throw illegalArgument('ctx._source must stay an object');
    for (const k of Object.keys(source)) delete source[k];
    Object.assign(source, out);
    return op;
  };
}
