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

/** A value turned into JSON-ready JavaScript (doubles unboxed, doc values as their list). */
export function toJs(v: unknown): unknown {
  if (v instanceof PDouble) return v.v;
  if (v instanceof DocValues) return v.values.map(toJs);
  if (v instanceof ClassRef || v === undefined) return null;
  if (Array.isArray(v)) return v.map(toJs);
  if (isMap(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJs(x)]));
  return v;
}

/** A JSON value brought into a script: integral numbers stay integers, others become doubles. */
export function fromJs(v: unknown): unknown {
  if (typeof v === 'number') return Number.isInteger(v) ? v : new PDouble(v);
  if (Array.isArray(v)) return v.map(fromJs);
  if (isMap(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fromJs(x)]));
  return v;
}

/** Java's `String.valueOf`: doubles always show a fraction (`90.0`), lists `[a, b]`, maps `{a=1}`. */
export function javaString(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (v instanceof PDouble) {
    if (Number.isNaN(v.v)) return 'NaN';
    if (!Number.isFinite(v.v)) return v.v > 0 ? 'Infinity' : '-Infinity';
    return Number.isInteger(v.v) && Math.abs(v.v) < 1e7 ? v.v.toFixed(1) : String(v.v).replace('e+', 'E').replace('e-', 'E-');
  }
  if (Array.isArray(v)) return `[${v.map(javaString).join(', ')}]`;
  if (v instanceof DocValues) return javaString(v.values);
  if (isMap(v)) return `{${Object.entries(v).map(([k, x]) => `${k}=${javaString(x)}`).join(', ')}}`;
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
