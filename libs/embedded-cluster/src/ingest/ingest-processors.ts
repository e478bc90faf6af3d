import { AppError } from '@ferry/core';
import { fromJs, isMap } from '../scripting/painless-values';
import { compileInline } from '../scripting/script-service';
import { safeRegExp } from '../search-pipeline/safe-regexp';

/** The document an ingest pipeline works on: its source with `_index`, `_id`, `_routing` beside it. */
export type IngestDoc = Record<string, unknown>;

/** What a processor did: go on, or drop the document. */
export type ProcessorOutcome = 'continue' | 'drop';

/** A built ingest processor. */
export interface IngestProcessor {
  type: string;
  tag?: string;
  run(doc: IngestDoc): ProcessorOutcome;
}

type Config = Record<string, unknown>;

/** OpenSearch's ConfigurationUtils error for a processor's configuration. */
function configError(type: string, c: Config, reason: string): AppError {
  return new AppError(400, reason, { type: 'parse_exception', fields: { processor_type: type, ...(typeof c.tag === 'string' ? { processor_tag: c.tag } : {}) } });
}

function str(type: string, c: Config, key: string, fallback?: string): string {
  const v = c[key];
  if (v === undefined || v === null) {
    if (fallback !== undefined) return fallback;
    throw configError(type, c, `[${key}] required property is missing`);
  }
  if (typeof v !== 'string') throw configError(type, c, `[${key}] property isn't a string, but of type [${Array.isArray(v) ? 'java.util.ArrayList' : typeof v}]`);
  return v;
}

/** A dotted path's parent object and last key (`a.b.c` → doc.a.b, `c`), creating objects on the way if asked. */
function locate(doc: IngestDoc, path: string, create: boolean): [Record<string, unknown>, string] | undefined {
  const parts = path.split('.');
  let node: Record<string, unknown> = doc;
  for (const p of parts.slice(0, -1)) {
    if (!isMap(node[p])) {
      if (!create) return undefined;
      node[p] = {};
    }
    node = node[p] as Record<string, unknown>;
  }
  return [node, parts[parts.length - 1]];
}

function getField(doc: IngestDoc, path: string): { found: boolean; value?: unknown } {
  const at = locate(doc, path, false);
  if (!at || !Object.hasOwn(at[0], at[1])) return { found: false };
  return { found: true, value: at[0][at[1]] };
}

function setField(doc: IngestDoc, path: string, value: unknown): void {
  const [holder, key] = locate(doc, path, true)!;
  holder[key] = value;
}

function missingField(field: string): AppError {
  return new AppError(400, `field [${field}] not present as part of path [${field}]`, { type: 'illegal_argument_exception' });
}

/** `{{field}}` references in a `set`/`append` value, as OpenSearch's template snippets resolve them. */
function templated(value: unknown, doc: IngestDoc): unknown {
  if (typeof value !== 'string' || !value.includes('{{')) return value;
  return value.replace(/\{\{\{?\s*([\w.@]+)\s*\}?\}\}/g, (_m, path: string) => {
    const f = getField(doc, path);
    return f.found && f.value !== null ? (typeof f.value === 'string' ? f.value : JSON.stringify(f.value)) : '';
  });
}

/** A processor that rewrites one field's value (string processors, convert, split, join). */
function fieldProcessor(type: string, c: Config, f: (value: unknown, field: string) => unknown): (doc: IngestDoc) => ProcessorOutcome {
  const field = str(type, c, 'field');
  const target = str(type, c, 'target_field', field);
  const ignoreMissing = c.ignore_missing === true;
  return (doc) => {
    const v = getField(doc, field);
    if (!v.found || v.value === null) {
      if (ignoreMissing) return 'continue';
      throw v.found ? new AppError(400, `field [${field}] is null, cannot process it.`, { type: 'illegal_argument_exception' }) : missingField(field);
    }
    setField(doc, target, f(v.value, field));
    return 'continue';
  };
}

function stringOf(type: string, field: string, v: unknown): string {
  if (typeof v !== 'string') throw new AppError(400, `field [${field}] of type [${Array.isArray(v) ? 'java.util.ArrayList' : typeof v}] cannot be cast to [java.lang.String]`, { type: 'illegal_argument_exception' });
  return v;
}

const CONVERT: Record<string, (v: unknown) => unknown> = {
  integer: (v) => (Number.isInteger(Number(v)) ? Number(v) : NaN),
  long: (v) => (Number.isInteger(Number(v)) ? Number(v) : NaN),
  float: (v) => Number(v),
  double: (v) => Number(v),
  string: (v) => (typeof v === 'string' ? v : JSON.stringify(v)),
  boolean: (v) => (String(v).toLowerCase() === 'true' ? true : String(v).toLowerCase() === 'false' ? false : NaN),
  auto: (v) => v,
};

const FACTORIES: Record<string, (c: Config) => (doc: IngestDoc) => ProcessorOutcome> = {
  set: (c) => {
    const field = str('set', c, 'field');
    if (!Object.hasOwn(c, 'value') && c.copy_from === undefined) throw configError('set', c, '[value] required property is missing');
    return (doc) => {
      if (c.override === false && getField(doc, field).found) return 'continue';
      setField(doc, field, c.copy_from !== undefined ? structuredClone(getField(doc, String(c.copy_from)).value ?? null) : templated(structuredClone(c.value), doc));
      return 'continue';
    };
  },
  remove: (c) => {
    const fields = (Array.isArray(c.field) ? c.field : [c.field]).map(String);
    if (c.field === undefined) throw configError('remove', c, '[field] required property is missing');
    return (doc) => {
      for (const f of fields) {
        const at = locate(doc, f, false);
        if (!at || !Object.hasOwn(at[0], at[1])) {
          if (c.ignore_missing === true) continue;
          throw missingField(f);
        }
        delete at[0][at[1]];
      }
      return 'continue';
    };
  },
  rename: (c) => {
    const field = str('rename', c, 'field');
    const target = str('rename', c, 'target_field');
    return (doc) => {
      const v = getField(doc, field);
      if (!v.found) {
        if (c.ignore_missing === true) return 'continue';
        throw missingField(field);
      }
      if (getField(doc, target).found) throw new AppError(400, `field [${target}] already exists`, { type: 'illegal_argument_exception' });
      const [holder, key] = locate(doc, field, false)!;
      delete holder[key];
      setField(doc, target, v.value);
      return 'continue';
    };
  },
  append: (c) => {
    const field = str('append', c, 'field');
    if (!Object.hasOwn(c, 'value')) throw configError('append', c, '[value] required property is missing');
    return (doc) => {
      const cur = getField(doc, field);
      const list = !cur.found ? [] : Array.isArray(cur.value) ? cur.value : [cur.value];
      const add = (Array.isArray(c.value) ? c.value : [c.value]).map((v) => templated(v, doc));
      setField(doc, field, [...list, ...(c.allow_duplicates === false ? add.filter((v) => !list.includes(v)) : add)]);
      return 'continue';
    };
  },
  split: (c) => {
    const re = safeRegExp(str('split', c, 'separator'), 'separator');
    return fieldProcessor('split', c, (v, f) => {
      const parts = stringOf('split', f, v).split(re);
      if (c.preserve_trailing !== true) while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
      return parts;
    });
  },
  join: (c) => {
    const sep = str('join', c, 'separator');
    return fieldProcessor('join', c, (v, f) => {
      if (!Array.isArray(v)) throw new AppError(400, `field [${f}] of type [${typeof v}] cannot be cast to [java.util.List]`, { type: 'illegal_argument_exception' });
      return v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(sep);
    });
  },
  lowercase: (c) => fieldProcessor('lowercase', c, (v, f) => stringOf('lowercase', f, v).toLowerCase()),
  uppercase: (c) => fieldProcessor('uppercase', c, (v, f) => stringOf('uppercase', f, v).toUpperCase()),
  trim: (c) => fieldProcessor('trim', c, (v, f) => stringOf('trim', f, v).trim()),
  convert: (c) => {
    const to = str('convert', c, 'type');
    const conv = CONVERT[to];
    if (!conv) throw configError('convert', c, `[type] type [${to}] not supported, cannot convert field.`);
    return fieldProcessor('convert', c, (v) => {
      const one = (x: unknown) => {
        const out = conv(x);
        if (typeof out === 'number' && Number.isNaN(out)) throw new AppError(400, `unable to convert [${String(x)}] to ${to}`, { type: 'illegal_argument_exception' });
        return out;
      };
      return Array.isArray(v) ? v.map(one) : one(v);
    });
  },
  script: (c) => {
    const script = compileInline({ source: c.source, lang: c.lang, params: c.params, ...(c.id !== undefined ? { id: c.id } : {}) });
    return (doc) => {
      const ctx = fromJs(doc) as Record<string, unknown>;
      script.run({ ctx });
      const out = script.toJs(ctx);
      if (!isMap(out)) throw new AppError(400, 'ctx must stay an object', { type: 'illegal_argument_exception' });
      for (const k of Object.keys(doc)) delete doc[k];
      Object.assign(doc, out);
      return 'continue';
    };
  },
  drop: () => () => 'drop',
  fail: (c) => {
    const message = str('fail', c, 'message');
    return (doc) => {
      throw new AppError(400, String(templated(message, doc)), { type: 'fail_processor_exception' });
    };
  },
};

/** Processor types the embedded cluster runs. */
export const PROCESSOR_TYPES = Object.keys(FACTORIES).sort();

/**
 * Builds one processor `{type: config}` with OpenSearch's common options: `if` (a Painless condition over
 * `ctx`), `ignore_failure`, `on_failure` (processors run instead of failing), `tag` and `description`.
 */
export function buildIngestProcessor(entry: unknown): IngestProcessor {
  if (!isMap(entry) || Object.keys(entry).length !== 1) throw new AppError(400, 'a processor must be an object with one processor type', { type: 'parse_exception' });
  const [type, raw] = Object.entries(entry)[0];
  const factory = FACTORIES[type];
  if (!factory) throw new AppError(400, `No processor type exists with name [${type}]`, { type: 'parse_exception', fields: { processor_type: type } });
  if (!isMap(raw)) throw configError(type, {}, `[${type}] processor configuration must be an object`);
  const run = factory(raw);
  const condition = raw.if === undefined ? undefined : compileInline(raw.if);
  const onFailure = Array.isArray(raw.on_failure) ? raw.on_failure.map(buildIngestProcessor) : undefined;
  const tag = typeof raw.tag === 'string' ? raw.tag : undefined;
  return {
    type,
    tag,
    run(doc) {
      if (condition) {
        const ok = condition.run({ ctx: fromJs(doc) });
        if (typeof ok !== 'boolean') throw new AppError(400, 'A processor condition must return a boolean', { type: 'illegal_argument_exception' });
        if (!ok) return 'continue';
      }
      try {
        return run(doc);
      } catch (err) {
        if (raw.ignore_failure === true) return 'continue';
        if (!onFailure) throw err;
        doc._ingest = { on_failure_message: (err as Error).message, on_failure_processor_type: type, ...(tag ? { on_failure_processor_tag: tag } : {}) };
        for (const p of onFailure) if (p.run(doc) === 'drop') return 'drop';
        delete doc._ingest;
        return 'continue';
      }
    },
  };
}
