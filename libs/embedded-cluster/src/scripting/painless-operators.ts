/** Painless operators, casts and constructors over the interpreter's values. */
import { checkSize, isDouble, isMap, isNumber, javaEquals, javaString, javaType, numOf, PDouble } from './painless-values';
import { PainlessFault } from './script-errors';

/** Integer and floating types as declarations and casts name them. */
export const INT_TYPES = new Set(['int', 'long', 'short', 'byte', 'char', 'Integer', 'Long', 'Short', 'Byte']);
export const FLOAT_TYPES = new Set(['double', 'float', 'Double', 'Float']);

export function defaultOf(type: string): unknown {
  if (INT_TYPES.has(type) && /^[a-z]/.test(type)) return 0;
  if (FLOAT_TYPES.has(type) && /^[a-z]/.test(type)) return new PDouble(0);
  return type === 'boolean' ? false : null;
}

/** A value stored into a variable of `type` (or cast to it): numbers narrow or widen as Java's do. */
export function coerce(type: string, v: unknown, pos: number, explicit = false): unknown {
  if (INT_TYPES.has(type) && isNumber(v)) return Math.trunc(numOf(v, pos));
  if (FLOAT_TYPES.has(type) && isNumber(v)) return new PDouble(numOf(v, pos));
  if (type === 'String' && explicit && v !== null && typeof v !== 'string') throw new PainlessFault(`Cannot cast ${javaType(v)} to java.lang.String`, pos, 'class_cast_exception');
  if ((INT_TYPES.has(type) || FLOAT_TYPES.has(type)) && v !== null && !isNumber(v)) {
    throw new PainlessFault(`Cannot cast ${javaType(v)} to ${type}`, pos, 'class_cast_exception');
  }
  return v;
}

export function instanceOf(v: unknown, type: string): boolean {
  if (type === 'def' || type === 'Object') return v !== null;
  if (INT_TYPES.has(type)) return typeof v === 'number';
  if (FLOAT_TYPES.has(type)) return isDouble(v);
  if (type === 'Number') return isNumber(v);
  if (type === 'String') return typeof v === 'string';
  if (type === 'Boolean' || type === 'boolean') return typeof v === 'boolean';
  if (['List', 'ArrayList', 'Collection'].includes(type)) return Array.isArray(v);
  if (['Map', 'HashMap'].includes(type)) return isMap(v);
  return false;
}

export function newArray(cls: string, size: number, pos: number): unknown[] {
  const n = Math.trunc(size);
  if (n < 0) throw new PainlessFault(`${n}`, pos, 'negative_array_size_exception');
  checkSize(n, 'collection', pos);
  return new Array(n).fill(defaultOf(cls));
}

export function construct(cls: string, args: unknown[], pos: number): unknown {
  if (cls === 'ArrayList' || cls === 'HashSet') return Array.isArray(args[0]) ? [...args[0]] : [];
  if (cls === 'HashMap') return isMap(args[0]) ? { ...args[0] } : {};
  if (cls === 'String') return args.length ? javaString(args[0]) : '';
  throw new PainlessFault(`constructor [${cls}/${args.length}] not found`, pos);
}

export function unary(op: string, v: unknown, pos: number): unknown {
  if (op === '!') {
    if (typeof v !== 'boolean') throw new PainlessFault(`Cannot cast ${javaType(v)} to boolean`, pos, 'class_cast_exception');
    return !v;
  }
  const n = numOf(v, pos);
  if (op === '~') return ~n;
  const r = op === '-' ? -n : n;
  return isDouble(v) ? new PDouble(r) : r;
}

/** Every binary operator except `&&` and `||` (which short-circuit). */
export function binaryOp(op: string, l: unknown, r: unknown, pos: number): unknown {
  switch (op) {
    case '==':
      return javaEquals(l, r);
    case '!=':
      return !javaEquals(l, r);
    case '===':
      return l === r || (isNumber(l) && isNumber(r) && javaEquals(l, r));
    case '!==':
      return !(l === r || (isNumber(l) && isNumber(r) && javaEquals(l, r)));
    case '<':
    case '<=':
    case '>':
    case '>=':
      return compare(op, l, r, pos);
    default:
      return arithmetic(op, l, r, pos);
  }
}

function compare(op: string, l: unknown, r: unknown, pos: number): boolean {
  const a = numOf(l, pos);
  const b = numOf(r, pos);
  return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
}

export function arithmetic(op: string, l: unknown, r: unknown, pos: number): unknown {
  if (op === '+' && (typeof l === 'string' || typeof r === 'string')) {
    const a = javaString(l);
    const b = javaString(r);
    checkSize(a.length + b.length, 'string', pos);
    return a + b;
  }
  if ((op === '&' || op === '|' || op === '^') && typeof l === 'boolean' && typeof r === 'boolean') {
    return op === '&' ? l && r : op === '|' ? l || r : l !== r;
  }
  const a = numOf(l, pos);
  const b = numOf(r, pos);
  if (isDouble(l) || isDouble(r)) {
    const v = op === '+' ? a + b : op === '-' ? a - b : op === '*' ? a * b : op === '/' ? a / b : op === '%' ? a % b : NaN;
    if (Number.isNaN(v) && !['+', '-', '*', '/', '%'].includes(op)) throw new PainlessFault(`Cannot apply [${op}] to types [double]`, pos);
    return new PDouble(v);
  }
  if ((op === '/' || op === '%') && b === 0) throw new PainlessFault('/ by zero', pos, 'arithmetic_exception');
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return Math.trunc(a / b);
    case '%': return a % b;
    case '&': return a & b;
    case '|': return a | b;
    case '^': return a ^ b;
    case '<<': return a << b;
    case '>>': return a >> b;
    case '>>>': return a >>> b;
    default: throw new PainlessFault(`unsupported operator [${op}]`, pos);
  }
}

