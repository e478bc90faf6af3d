import { PainlessFault } from './script-errors';
import { checkSize, ClassRef, DocValues, isDouble, isMap, javaEquals, mapGet, mapSet, javaString, javaType, numOf, PDouble } from './painless-values';

type Args = unknown[];

const int = (v: unknown, pos: number) => Math.trunc(numOf(v, pos));
const dbl = (v: number) => new PDouble(v);
/** Math functions that keep an integer type for integer arguments. */
const sameType = (f: (...n: number[]) => number) => (args: Args, pos: number) => {
  const r = f(...args.map((a) => numOf(a, pos)));
  return args.some(isDouble) ? dbl(r) : r;
};
const toDouble = (f: (...n: number[]) => number) => (args: Args, pos: number) => dbl(f(...args.map((a) => numOf(a, pos))));

const STATIC: Record<string, Record<string, (args: Args, pos: number) => unknown>> = {
  Math: {
    abs: sameType(Math.abs), max: sameType(Math.max), min: sameType(Math.min), signum: toDouble(Math.sign),
    pow: toDouble(Math.pow), sqrt: toDouble(Math.sqrt), cbrt: toDouble(Math.cbrt), floor: toDouble(Math.floor), ceil: toDouble(Math.ceil),
    log: toDouble(Math.log), log10: toDouble(Math.log10), exp: toDouble(Math.exp), sin: toDouble(Math.sin), cos: toDouble(Math.cos),
    tan: toDouble(Math.tan), atan: toDouble(Math.atan), atan2: toDouble(Math.atan2), hypot: toDouble(Math.hypot),
    round: (a: Args, pos: number) => Math.floor(numOf(a[0], pos) + 0.5),
    toRadians: (a: Args, pos: number) => dbl((numOf(a[0], pos) * Math.PI) / 180),
    toDegrees: (a: Args, pos: number) => dbl((numOf(a[0], pos) * 180) / Math.PI),
  },
  Integer: { parseInt: (a: Args, pos: number) => parseIntStrict(a[0], pos), valueOf: (a: Args, pos: number) => (typeof a[0] === 'string' ? parseIntStrict(a[0], pos) : int(a[0], pos)), toString: (a: Args) => javaString(a[0]) },
  Long: { parseLong: (a: Args, pos: number) => parseIntStrict(a[0], pos), valueOf: (a: Args, pos: number) => (typeof a[0] === 'string' ? parseIntStrict(a[0], pos) : int(a[0], pos)), toString: (a: Args) => javaString(a[0]) },
  Double: { parseDouble: (a: Args, pos: number) => parseDoubleStrict(a[0], pos), valueOf: (a: Args, pos: number) => (typeof a[0] === 'string' ? parseDoubleStrict(a[0], pos) : dbl(numOf(a[0], pos))), toString: (a: Args) => javaString(a[0]) },
  Float: { parseFloat: (a: Args, pos: number) => parseDoubleStrict(a[0], pos) },
  Boolean: { parseBoolean: (a: Args) => String(a[0]).toLowerCase() === 'true', valueOf: (a: Args) => a[0] === true || String(a[0]).toLowerCase() === 'true' },
  String: { valueOf: (a: Args) => javaString(a[0]), join: (a: Args, pos: number) => {
      const out = (Array.isArray(a[1]) ? a[1] : a.slice(1)).map((x) => javaString(x)).join(String(a[0]));
      checkSize(out.length, 'string', pos);
      return out;
    } },
};

const CONSTANTS: Record<string, Record<string, unknown>> = {
  Math: { PI: dbl(Math.PI), E: dbl(Math.E) },
  Integer: { MAX_VALUE: 2147483647, MIN_VALUE: -2147483648 },
  Long: { MAX_VALUE: Number.MAX_SAFE_INTEGER, MIN_VALUE: Number.MIN_SAFE_INTEGER },
  Double: { MAX_VALUE: dbl(Number.MAX_VALUE), MIN_VALUE: dbl(Number.MIN_VALUE), POSITIVE_INFINITY: dbl(Infinity), NEGATIVE_INFINITY: dbl(-Infinity), NaN: dbl(NaN) },
};

/** Names that read as classes when no local variable has them. */
export const CLASSES = new Set(Object.keys(STATIC));

function parseIntStrict(v: unknown, pos: number): number {
  const s = String(v).trim();
  if (!/^[+-]?\d+$/.test(s)) throw new PainlessFault(`For input string: "${String(v)}"`, pos, 'number_format_exception');
  return Number(s);
}

function parseDoubleStrict(v: unknown, pos: number): PDouble {
  const n = Number(String(v).trim());
  if (String(v).trim() === '' || Number.isNaN(n)) throw new PainlessFault(`For input string: "${String(v)}"`, pos, 'number_format_exception');
  return dbl(n);
}

function noMember(obj: unknown, name: string, pos: number, call: boolean): never {
  const what = call ? `method [${javaType(obj)}, ${name}]` : `field [${name}] for type [${javaType(obj)}]`;
  throw new PainlessFault(`dynamic ${call ? 'method' : 'getter'} ${what} not found`, pos);
}

/** `obj.name` read: map keys (Painless's map shortcut), list/array `length`, doc values' `value`/`values`. */
export function getMember(obj: unknown, name: string, pos: number): unknown {
  if (obj === null || obj === undefined) throw new PainlessFault(`cannot access field [${name}] of a null value`, pos, 'null_pointer_exception');
  if (obj instanceof ClassRef) {
    const c = CONSTANTS[obj.name]?.[name];
    if (c === undefined) throw new PainlessFault(`static field [${obj.name}, ${name}] not found`, pos);
    return c;
  }
  if (obj instanceof DocValues) {
    if (name === 'value') return obj.first(pos);
    if (name === 'values') return obj.values;
    if (name === 'length') return obj.values.length;
    if (name === 'empty') return obj.values.length === 0;
    return noMember(obj, name, pos, false);
  }
  if (Array.isArray(obj)) {
    if (name === 'length') return obj.length;
    if (name === 'empty') return obj.length === 0;
    return noMember(obj, name, pos, false);
  }
  if (isMap(obj)) return mapGet(obj, name);
  return noMember(obj, name, pos, false);
}

/** `obj.name = value` on a map (the only writable member Painless has without setters). */
export function setMember(obj: unknown, name: string, value: unknown, pos: number): void {
  if (!isMap(obj)) throw new PainlessFault(`dynamic setter [${javaType(obj)}, ${name}] not found`, pos, obj === null ? 'null_pointer_exception' : 'illegal_argument_exception');
  mapSet(obj, name, value);
}

/** `obj[idx]`: list and doc-values positions, map keys. */
export function getIndex(obj: unknown, idx: unknown, pos: number): unknown {
  if (obj instanceof DocValues) obj = obj.values;
  if (Array.isArray(obj)) {
    const i = int(idx, pos);
    const at = i < 0 ? obj.length + i : i;
    if (at < 0 || at >= obj.length) throw new PainlessFault(`Index ${i} out of bounds for length ${obj.length}`, pos, 'index_out_of_bounds_exception');
    return obj[at];
  }
  if (isMap(obj)) return mapGet(obj, String(idx));
  if (obj === null || obj === undefined) throw new PainlessFault('cannot index a null value', pos, 'null_pointer_exception');
  throw new PainlessFault(`Attempting to address a non-array-like type [${javaType(obj)}] as an array.`, pos);
}

/** `obj[idx] = value`. */
export function setIndex(obj: unknown, idx: unknown, value: unknown, pos: number): void {
  if (Array.isArray(obj)) {
    const i = int(idx, pos);
    if (i < 0 || i >= obj.length) throw new PainlessFault(`Index ${i} out of bounds for length ${obj.length}`, pos, 'index_out_of_bounds_exception');
    obj[i] = value;
    return;
  }
  if (isMap(obj)) {
    mapSet(obj, String(idx), value);
    return;
  }
  throw new PainlessFault(`Attempting to address a non-array-like type [${javaType(obj)}] as an array.`, pos, obj === null ? 'null_pointer_exception' : 'illegal_argument_exception');
}

/** A method call on a value: the String, List, Map, doc-values and number methods scripts commonly use. */
export function callMethod(obj: unknown, name: string, args: Args, pos: number): unknown {
  if (obj === null || obj === undefined) throw new PainlessFault(`cannot invoke method [${name}] on a null value`, pos, 'null_pointer_exception');
  if (obj instanceof ClassRef) {
    const f = STATIC[obj.name]?.[name];
    if (!f) throw new PainlessFault(`unknown static method [${obj.name}.${name}/${args.length}]`, pos);
    return f(args, pos);
  }
  if (name === 'toString' && args.length === 0) return javaString(obj);
  if (name === 'equals' && args.length === 1) return javaEquals(obj, args[0]);
  if (obj instanceof DocValues) return docMethod(obj, name, args, pos);
  if (typeof obj === 'string') return stringMethod(obj, name, args, pos);
  if (Array.isArray(obj)) return listMethod(obj, name, args, pos);
  if (isMap(obj)) return mapMethod(obj, name, args, pos);
  if (typeof obj === 'number' || obj instanceof PDouble) return numberMethod(obj, name, pos);
  return noMember(obj, name, pos, true);
}

function docMethod(obj: DocValues, name: string, args: Args, pos: number): unknown {
  if (name === 'getValue') return obj.first(pos);
  if (name === 'getValues') return obj.values;
  if (name === 'size') return obj.values.length;
  if (name === 'isEmpty') return obj.values.length === 0;
  if (name === 'get') return getIndex(obj.values, args[0], pos);
  if (name === 'contains') return obj.values.some((v) => javaEquals(v, args[0]));
  return noMember(obj, name, pos, true);
}

function stringMethod(s: string, name: string, a: Args, pos: number): unknown {
  switch (name) {
    case 'length': return s.length;
    case 'isEmpty': return s.length === 0;
    case 'substring': return a.length > 1 ? s.substring(int(a[0], pos), int(a[1], pos)) : s.substring(int(a[0], pos));
    case 'indexOf': return s.indexOf(String(a[0]), a.length > 1 ? int(a[1], pos) : 0);
    case 'lastIndexOf': return s.lastIndexOf(String(a[0]));
    case 'contains': return s.includes(String(a[0]));
    case 'startsWith': return s.startsWith(String(a[0]));
    case 'endsWith': return s.endsWith(String(a[0]));
    case 'toLowerCase': return s.toLowerCase();
    case 'toUpperCase': return s.toUpperCase();
    case 'trim': return s.trim();
    case 'charAt': return s.charAt(int(a[0], pos));
    case 'replace': {
      const out = s.split(String(a[0])).join(String(a[1]));
      checkSize(out.length, 'string', pos);
      return out;
    }
    case 'equalsIgnoreCase': return typeof a[0] === 'string' && a[0].toLowerCase() === s.toLowerCase();
    case 'compareTo': return s < String(a[0]) ? -1 : s > String(a[0]) ? 1 : 0;
    case 'splitOnToken': return s.split(String(a[0]));
    case 'hashCode': return [...s].reduce((h, c) => (Math.imul(31, h) + c.charCodeAt(0)) | 0, 0);
    default: return noMember(s, name, pos, true);
  }
}

function listMethod(l: unknown[], name: string, a: Args, pos: number): unknown {
  switch (name) {
    case 'size': return l.length;
    case 'isEmpty': return l.length === 0;
    case 'get': return getIndex(l, a[0], pos);
    case 'getLength': return l.length;
    case 'contains': return l.some((v) => javaEquals(v, a[0]));
    case 'indexOf': return l.findIndex((v) => javaEquals(v, a[0]));
    case 'add':
      checkSize(l.length + 1, 'collection', pos);
      if (a.length > 1) l.splice(int(a[0], pos), 0, a[1]);
      else l.push(a[0]);
      return true;
    case 'addAll':
      checkSize(l.length + (Array.isArray(a[0]) ? a[0].length : 0), 'collection', pos);
      l.push(...(Array.isArray(a[0]) ? a[0] : []));
      return true;
    case 'set': {
      const old = getIndex(l, a[0], pos);
      setIndex(l, a[0], a[1], pos);
      return old;
    }
    case 'remove': return typeof a[0] === 'number' ? l.splice(int(a[0], pos), 1)[0] : removeValue(l, a[0]);
    case 'clear': l.length = 0; return null;
    default: return noMember(l, name, pos, true);
  }
}

function removeValue(l: unknown[], v: unknown): boolean {
  const i = l.findIndex((x) => javaEquals(x, v));
  if (i >= 0) l.splice(i, 1);
  return i >= 0;
}

function mapMethod(m: Record<string, unknown>, name: string, a: Args, pos: number): unknown {
  const key = String(a[0]);
  switch (name) {
    case 'get': return mapGet(m, key);
    case 'getOrDefault': return Object.hasOwn(m, key) ? m[key] : a[1];
    case 'containsKey': return Object.hasOwn(m, key);
    case 'containsValue': return Object.values(m).some((v) => javaEquals(v, a[0]));
    case 'put': {
      if (!Object.hasOwn(m, key)) checkSize(Object.keys(m).length + 1, 'collection', pos);
      const old = Object.hasOwn(m, key) ? m[key] : null;
      mapSet(m, key, a[1]);
      return old;
    }
    case 'putIfAbsent': if (!Object.hasOwn(m, key)) mapSet(m, key, a[1]); return null;
    case 'remove': {
      const old = Object.hasOwn(m, key) ? m[key] : null;
      delete m[key];
      return old;
    }
    case 'size': return Object.keys(m).length;
    case 'isEmpty': return Object.keys(m).length === 0;
    case 'keySet': return Object.keys(m);
    case 'values': return Object.values(m);
    case 'clear': for (const k of Object.keys(m)) delete m[k]; return null;
    default: return noMember(m, name, pos, true);
  }
}

function numberMethod(n: number | PDouble, name: string, pos: number): unknown {
  const v = numOf(n, pos);
  if (name === 'intValue' || name === 'longValue') return Math.trunc(v);
  if (name === 'doubleValue' || name === 'floatValue') return dbl(v);
  return noMember(n, name, pos, true);
}
