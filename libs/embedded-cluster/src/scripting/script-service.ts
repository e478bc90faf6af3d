import { AppError } from '@ferry/core';
import type { Db } from '../storage/database';
import { MetaMap } from '../storage/meta-map';
import { type Bindings, runPainless } from './painless-interpreter';
import { parsePainless, type Stmt } from './painless-parser';
import { fromJs, toJs } from './painless-values';
import { PainlessFault, scriptError } from './script-errors';

/** A stored script as `_scripts/{id}` keeps and returns it. */
export interface StoredScript {
  lang: string;
  source: string;
  options?: Record<string, string>;
}

/** A script reference resolved to its language, source and parameters. */
export interface ResolvedScript {
  lang: string;
  source: string;
  params: Record<string, unknown>;
}

/** A compiled Painless script with its parameters bound; `run` takes the context's other variables. */
export interface CompiledScript {
  source: string;
  /** The script's `params`, as the script sees them. */
  params: Record<string, unknown>;
  /** Runs the script; the result as JSON-ready JavaScript. */
  run(bindings?: Bindings): unknown;
  /** Runs the script; the result as Painless holds it (a double stays boxed, as `PDouble`). */
  runRaw(bindings?: Bindings): unknown;
  /** A value the script built (a `ctx` it changed) as JSON-ready JavaScript; a self-holding value is a 400. */
  toJs(value: unknown): unknown;
}

/** OpenSearch's `script.max_size_in_bytes` default. */
export const MAX_SCRIPT_SIZE = 65_535;
/** OpenSearch's `script.cache.max_size` default: compiled sources kept. */
const CACHE_SIZE = 100;
const LANGS = new Set(['painless', 'mustache']);

/** Stored scripts (cluster metadata, persisted) and Painless compilation with a bounded cache. */
export class ScriptService {
  private readonly stored: MetaMap<StoredScript>;

  constructor(db: Db) {
    this.stored = new MetaMap<StoredScript>(db, 'stored_scripts');
  }

  getStored(id: string): StoredScript | undefined {
    return this.stored.get(id);
  }

  /** `PUT _scripts/{id}`: a Painless script must compile first (as OpenSearch compiles it to check). */
  putStored(id: string, body: unknown): void {
    const script = (body as { script?: unknown } | null)?.script as { lang?: unknown; source?: unknown; options?: unknown } | undefined;
    if (script === null || typeof script !== 'object') throw new AppError(400, 'must specify a script to store', { type: 'illegal_argument_exception' });
    if (typeof script.lang !== 'string' || script.lang === '') throw new AppError(400, 'must specify lang for stored script', { type: 'illegal_argument_exception' });
    if (!LANGS.has(script.lang)) throw new AppError(400, `script_lang not supported [${script.lang}]`, { type: 'illegal_argument_exception' });
    const source = typeof script.source === 'string' ? script.source : script.source !== null && typeof script.source === 'object' ? JSON.stringify(script.source) : undefined;
    if (source === undefined || source.trim() === '') throw new AppError(400, 'must specify source for stored script', { type: 'illegal_argument_exception' });
    if (script.lang === 'painless') parseCached(source);
    const options = script.options !== null && typeof script.options === 'object' ? (script.options as Record<string, string>) : undefined;
    this.stored.put(id, { lang: script.lang, source, ...(options ? { options } : {}) });
  }

  deleteStored(id: string): boolean {
    return this.stored.delete(id);
  }

  /** A `script` value (a string, `{source}` or `{id}`, with `lang` and `params`) resolved against stored scripts. */
  resolve(spec: unknown, defaultLang = 'painless'): ResolvedScript {
    const s = typeof spec === 'string' ? { source: spec } : (spec as { source?: unknown; id?: unknown; lang?: unknown; params?: unknown });
    if (s === null || typeof s !== 'object' || Array.isArray(s)) throw new AppError(400, '[script] must be a string or an object', { type: 'parsing_exception' });
    if (s.params !== undefined && (s.params === null || typeof s.params !== 'object' || Array.isArray(s.params))) {
      throw new AppError(400, '[script] params must be an object', { type: 'parsing_exception' });
    }
    const params = (s.params ?? {}) as Record<string, unknown>;
    if (s.id !== undefined) {
      if (s.source !== undefined) throw new AppError(400, 'must specify either [source] for an inline script or [id] for a stored script', { type: 'illegal_argument_exception' });
      const stored = this.stored.get(String(s.id));
      if (!stored) throw new AppError(404, `unable to find script [${String(s.id)}] in cluster state`, { type: 'resource_not_found_exception' });
      return { lang: stored.lang, source: stored.source, params };
    }
    const lang = s.lang === undefined ? defaultLang : String(s.lang);
    if (!LANGS.has(lang)) throw new AppError(400, `script_lang not supported [${lang}]`, { type: 'illegal_argument_exception' });
    const source = typeof s.source === 'string' ? s.source : s.source !== null && typeof s.source === 'object' ? JSON.stringify(s.source) : undefined;
    if (source === undefined) throw new AppError(400, 'must specify either [source] for an inline script or [id] for a stored script', { type: 'illegal_argument_exception' });
    return { lang, source, params };
  }

  /** Compiles a `script` value, a stored one (`{id}`) included. */
  compile(spec: unknown): CompiledScript {
    return compileInline(this.inline(spec));
  }

  /**
   * A `script` value with a stored script's `lang` and `source` in place of its `id` (params kept). Query,
   * aggregation and field scripts are compiled where no node is at hand, so a search body has its stored
   * scripts inlined once, up front, by {@link inlineStoredScripts}.
   */
  inline(spec: unknown): unknown {
    const s = spec as { id?: unknown; params?: unknown } | null;
    if (s === null || typeof s !== 'object' || s.id === undefined) return spec;
    const r = this.resolve(spec);
    return { lang: r.lang, source: r.source, params: r.params };
  }

  /** Every `script: {id}` in a request body replaced by the stored script (in place; returns the body). */
  inlineStoredScripts<T>(body: T): T {
    const walk = (node: unknown, depth: number): void => {
      if (node === null || typeof node !== 'object' || depth > 100) return;
      if (Array.isArray(node)) return node.forEach((n) => walk(n, depth + 1));
      const rec = node as Record<string, unknown>;
      for (const [k, v] of Object.entries(rec)) {
        if (k === 'script' && v !== null && typeof v === 'object' && (v as { id?: unknown }).id !== undefined) rec[k] = this.inline(v);
        else walk(v, depth + 1);
      }
    };
    walk(body, 0);
    return body;
  }
}

const cache = new Map<string, Stmt[]>();

/** Parses Painless once per distinct source (a bounded cache, oldest out first): parsing is pure. */
function parseCached(source: string): Stmt[] {
  if (Buffer.byteLength(source) > MAX_SCRIPT_SIZE) {
    throw new AppError(400, `exceeded max allowed inline script size in bytes [${MAX_SCRIPT_SIZE}] with size [${Buffer.byteLength(source)}] for script [${source.slice(0, 40)}...]`, { type: 'illegal_argument_exception' });
  }
  const hit = cache.get(source);
  if (hit) return hit;
  let program: Stmt[];
  try {
    program = parsePainless(source);
  } catch (err) {
    if (err instanceof RangeError) throw scriptError({ source, pos: 0, reason: 'script is nested too deeply' });
    if (err instanceof Error && !(err instanceof AppError)) throw scriptError({ source, pos: 0, reason: err.message });
    throw err;
  }
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(source, program);
  return program;
}

function runtimeError(err: unknown, source: string): unknown {
  if (err instanceof PainlessFault) return scriptError({ source, pos: err.pos, reason: err.message, phase: 'runtime', causeType: err.causeType });
  if (err instanceof RangeError) return scriptError({ source, pos: 0, reason: 'stack overflow', phase: 'runtime', causeType: 'stack_overflow_error' });
  // Any other fault inside a script run is the script's (a value of a kind the interpreter did not expect), so it
  // is the client's 400 with the script named, never a 500.
  if (err instanceof Error && !(err instanceof AppError)) return scriptError({ source, pos: 0, reason: err.message, phase: 'runtime' });
  return err;
}

/** Compiles an inline Painless `script` value (string or `{source, lang, params}`); `params` are bound. */
export function compileInline(spec: unknown): CompiledScript {
  const s = typeof spec === 'string' ? { source: spec } : (spec as { source?: unknown; id?: unknown; lang?: unknown; params?: unknown });
  if (s === null || typeof s !== 'object' || Array.isArray(s)) throw new AppError(400, '[script] must be a string or an object', { type: 'parsing_exception' });
  if (s.id !== undefined) throw new AppError(400, 'stored scripts are not available in this context', { type: 'illegal_argument_exception' });
  const lang = s.lang === undefined ? 'painless' : String(s.lang);
  if (lang !== 'painless') throw new AppError(400, `script_lang not supported [${lang}]`, { type: 'illegal_argument_exception' });
  if (typeof s.source !== 'string') throw new AppError(400, 'must specify either [source] for an inline script or [id] for a stored script', { type: 'illegal_argument_exception' });
  if (s.params !== undefined && (s.params === null || typeof s.params !== 'object' || Array.isArray(s.params))) {
    throw new AppError(400, '[script] params must be an object', { type: 'parsing_exception' });
  }
  const source = s.source;
  const program = parseCached(source);
  const params = fromJs(s.params ?? {}) as Record<string, unknown>;
  const runRaw = (bindings: Bindings = {}) => {
    try {
      return runPainless(program, { params, ...bindings });
    } catch (err) {
      throw runtimeError(err, source);
    }
  };
  const convert = (value: unknown) => {
    try {
      return toJs(value);
    } catch (err) {
      throw runtimeError(err, source);
    }
  };
  return { source, params, runRaw, run: (bindings) => convert(runRaw(bindings)), toJs: convert };
}
