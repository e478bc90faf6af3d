import { PainlessFault } from './script-errors';

/**
 * A Java `double`. Painless keeps integer and floating arithmetic apart (`7 / 2` is 3, `7.0 / 2` is 3.5) and
 * JavaScript numbers cannot tell `3` from `3.0`, so doubles are boxed and plain numbers are integers.
 */
export class PDouble {
  constructor(readonly v: number) {}
}

/** `doc['field']`: a field's doc values, sorted as Lucene keeps them. */
export class DocValues {
  constructor(
    readonly field: string,
    readonly values: unknown[],
  ) {}

  /** `.value`: the first value; Painless refuses it on a document without one. */
  first(pos: number): unknown {
    if (this.values.length === 0) {
      throw new PainlessFault(
        `A document doesn't have a value for a field! Use doc[<field>].size()==0 to check if a document is missing a field!`,
        pos,
        'illegal_state_exception',
      );
    }
    return this.values[0];
  }
}

/** A class name used as a value (`Math`, `Integer`), so `Math.max(...)` reads as a static call. */
export class ClassRef {
  constructor(readonly name: string) {}
}

/** Marks the `doc` proxy: a read of an unmapped field is an error there, not null. */
export const DOC_ACCESS = Symbol('doc');

/** A map key read: own keys only (never the prototype), every key of `doc`. */
export function mapGet(m: Record<string | symbol, unknown>, key: string): unknown {
  if (m[DOC_ACCESS] === true) return m[key];
  return Object.hasOwn(m, key) ? m[key] : null;
}

/** A map key write as an own property, so `__proto__` is a key like any other, never the prototype. */
export function mapSet(m: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(m, key, { value, writable: true, enumerable: true, configurable: true });
}

export const isDouble = (v: unknown): v is PDouble => v instanceof PDouble;
export const isNumber = (v: unknown): v is number | PDouble => typeof v === 'number' || v instanceof PDouble;
export const isMap = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof PDouble) && !(v instanceof DocValues) && !(v instanceof ClassRef);

/** The JavaScript number of a Painless number; a fault for anything else. */
export function numOf(v: unknown, pos: number): number {
  if (typeof v === 'number') return v;
  if (v instanceof PDouble) return v.v;
  if (v === null || v === undefined) throw new PainlessFault('Cannot apply a numeric operation to a null value', pos, 'null_pointer_exception');
  throw new PainlessFault(`Cannot cast ${javaType(v)} to a number`, pos, 'class_cast_exception');
}

/** The Java class name Painless would report for a value. */
export function javaType(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return 'java.lang.Integer';
  if (v instanceof PDouble) return 'java.lang.Double';
  if (typeof v === 'string') return 'java.lang.String';
  if (typeof v === 'boolean') return 'java.lang.Boolean';
  if (Array.isArray(v)) return 'java.util.ArrayList';
  if (v instanceof DocValues) return 'org.opensearch.index.fielddata.ScriptDocValues';
  return 'java.util.HashMap';
}

/** Nesting a script's result may have (a list holding itself would otherwise never end). */
const MAX_DEPTH = 100;

/** Most elements a script's list or map may hold, and most characters in a string it builds. */
export const MAX_COLLECTION = 1_000_000;
export const MAX_STRING = 10_000_000;

function tooDeep(): PainlessFault {
  return new PainlessFault(`a script value is nested deeper than ${MAX_DEPTH} levels (or holds itself)`, 0);
}

/** A value turned into JSON-ready JavaScript (doubles unboxed, doc values as their list). */
export function toJs(v: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) throw tooDeep();
  if (v instanceof PDouble) return v.v;
  if (v instanceof DocValues) return v.values.map((x) => toJs(x, depth + 1));
  if (v instanceof ClassRef || v === undefined) return null;
  if (Array.isArray(v)) return v.map((x) => toJs(x, depth + 1));
  if (isMap(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJs(x, depth + 1)]));
  return v;
}

/** A fault unless a collection of `n` elements or a string of `n` characters is within the limits. */
export function checkSize(n: number, kind: 'collection' | 'string', pos: number): void {
  const max = kind === 'string' ? MAX_STRING : MAX_COLLECTION;
  if (n > max) throw new PainlessFault(`a script ${kind} may hold at most ${max} ${kind === 'string' ? 'characters' : 'elements'}`, pos, 'circuit_breaking_exception');
}

/** A JSON value brought into a script: integral numbers stay integers, others become doubles. */
export function fromJs(v: unknown): unknown {
  if (typeof v === 'number') return Number.isInteger(v) ? v : new PDouble(v);
  if (Array.isArray(v)) return v.map(fromJs);
  if (isMap(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fromJs(x)]));
  return v;
}

/** Java's `String.valueOf`: doubles always show a fraction (`90.0`), lists `[a, b]`, maps `{a=1}`. */
export function javaString(v: unknown, depth = 0): string {
  if (depth > MAX_DEPTH) throw tooDeep();
  if (v === null || v === undefined) return 'null';
  if (v instanceof PDouble) {
    if (Number.isNaN(v.v)) return 'NaN';
    if (!Number.isFinite(v.v)) return v.v > 0 ? 'Infinity' : '-Infinity';
    return Number.isInteger(v.v) && Math.abs(v.v) < 1e7 ? v.v.toFixed(1) : String(v.v).replace('e+', 'E').replace('e-', 'E-');
  }
  if (Array.isArray(v)) return `[${v.map((x) => javaString(x, depth + 1)).join(', ')}]`;
  if (v instanceof DocValues) return javaString(v.values, depth + 1);
  if (isMap(v)) return `{${Object.entries(v).map(([k, x]) => `${k}=${javaString(x, depth + 1)}`).join(', ')}}`;
  return String(v);
}

/** Painless `==`: numbers by value across int and double, collections by content, the rest by identity/value. */
export function javaEquals(a: unknown, b: unknown): boolean {
  if (isNumber(a) && isNumber(b)) return numOf(a, 0) === numOf(b, 0);
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if ((Array.isArray(a) && Array.isArray(b)) || (isMap(a) && isMap(b))) return JSON.stringify(toJs(a)) === JSON.stringify(toJs(b));
  return a === b;
}
