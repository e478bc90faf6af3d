import type { Expr, Stmt } from './painless-parser';
import { callMethod, CLASSES, getIndex, getMember, setIndex, setMember } from './painless-methods';
import { checkSize, ClassRef, isDouble, mapSet, isMap, isNumber, javaEquals, javaString, javaType, numOf, PDouble } from './painless-values';
import { PainlessFault } from './script-errors';

/** Painless's `painless.max_loop_counter` default: loop iterations one script run may take. */
export const MAX_LOOP_COUNTER = 1_000_000;

const INT_TYPES = new Set(['int', 'long', 'short', 'byte', 'char', 'Integer', 'Long', 'Short', 'Byte']);
const FLOAT_TYPES = new Set(['double', 'float', 'Double', 'Float']);

class ReturnSignal {
  constructor(readonly value: unknown) {}
}
const BREAK = Symbol('break');
const CONTINUE = Symbol('continue');

interface Slot {
  value: unknown;
  type: string;
}

/** Names a script can read but not assign (`params`, `doc`, `ctx`, `_score`). */
export type Bindings = Record<string, unknown>;

/** Runs parsed Painless with the given bindings; returns the script's `return` value (or null). */
export function runPainless(program: Stmt[], bindings: Bindings): unknown {
  const run = new Run(bindings);
  try {
    run.block(program, new Map());
  } catch (signal) {
    if (signal instanceof ReturnSignal) return signal.value;
    throw signal;
  }
  return null;
}

class Run {
  private loops = 0;
  private readonly scopes: Map<string, Slot>[] = [];

  constructor(private readonly bindings: Bindings) {}

  block(body: Stmt[], scope: Map<string, Slot>): void {
    this.scopes.push(scope);
    try {
      for (const s of body) {
        const signal = this.stmt(s);
        if (signal) throw signal;
      }
    } finally {
      this.scopes.pop();
    }
  }

  /** Runs one statement; returns BREAK / CONTINUE for the enclosing loop. */
  private stmt(s: Stmt): typeof BREAK | typeof CONTINUE | undefined {
    switch (s.k) {
      case 'block':
        return this.loopBody(() => this.block(s.body, new Map()));
      case 'decl':
        for (const v of s.vars) this.scopes[this.scopes.length - 1].set(v.name, { type: s.type, value: coerce(s.type, v.init ? this.expr(v.init) : defaultOf(s.type), s.pos) });
        return undefined;
      case 'if':
        if (this.truth(s.cond)) return this.stmt(s.then);
        return s.else ? this.stmt(s.else) : undefined;
      case 'return':
        throw new ReturnSignal(s.value ? this.expr(s.value) : null);
      case 'break':
        return BREAK;
      case 'continue':
        return CONTINUE;
      case 'expr':
        this.expr(s.e);
        return undefined;
      default:
        this.loop(s);
        return undefined;
    }
  }

  /** Lets break/continue thrown from a nested block travel to the loop as a value. */
  private loopBody(f: () => void): typeof BREAK | typeof CONTINUE | undefined {
    try {
      f();
      return undefined;
    } catch (signal) {
      if (signal === BREAK || signal === CONTINUE) return signal;
      throw signal;
    }
  }

  private tick(pos: number): void {
    if (++this.loops > MAX_LOOP_COUNTER) {
      throw new PainlessFault('The maximum number of statements that can be executed in a loop has been reached.', pos, 'painless_error');
    }
  }

  private loop(s: Extract<Stmt, { k: 'for' | 'foreach' | 'while' }>): void {
    const scope = new Map<string, Slot>();
    this.scopes.push(scope);
    try {
      if (s.k === 'foreach') {
        const iter = this.expr(s.iter);
        const items = Array.isArray(iter) ? [...iter] : isMap(iter) ? Object.keys(iter) : undefined;
        if (!items) throw new PainlessFault(`Cannot iterate over [${javaType(iter)}]`, s.pos);
        for (const item of items) {
          this.tick(s.pos);
          scope.set(s.name, { type: 'def', value: item });
          if (this.stmt(s.body) === BREAK) break;
        }
        return;
      }
      if (s.k === 'for' && s.init) this.stmt(s.init);
      let first = true;
      for (;;) {
        if (s.k === 'while' && !(s.doWhile && first) && !this.truth(s.cond)) break;
        if (s.k === 'for' && s.cond && !this.truth(s.cond)) break;
        first = false;
        this.tick(s.pos);
        if (this.stmt(s.body) === BREAK) break;
        if (s.k === 'for') for (const u of s.update) this.expr(u);
      }
    } finally {
      this.scopes.pop();
    }
  }

  private truth(e: Expr): boolean {
    const v = this.expr(e);
    if (typeof v !== 'boolean') throw new PainlessFault(`Cannot cast ${javaType(v)} to boolean`, e.pos, 'class_cast_exception');
    return v;
  }

  private slot(name: string): Slot | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const s = this.scopes[i].get(name);
      if (s) return s;
    }
    return undefined;
  }

  expr(e: Expr): unknown {
    switch (e.k) {
      case 'num':
        return e.float ? new PDouble(e.v) : e.v;
      case 'str':
      case 'bool':
        return e.v;
      case 'null':
        return null;
      case 'var':
        return this.variable(e.name, e.pos);
      case 'member': {
        const obj = this.expr(e.obj);
        return e.safe && obj === null ? null : getMember(obj, e.name, e.pos);
      }
      case 'index':
        return getIndex(this.expr(e.obj), this.expr(e.idx), e.pos);
      case 'mcall': {
        const obj = this.expr(e.obj);
        return e.safe && obj === null ? null : callMethod(obj, e.name, e.args.map((a) => this.expr(a)), e.pos);
      }
      case 'call':
        return this.call(e.name, e.args.map((a) => this.expr(a)), e.pos);
      case 'new':
        return construct(e.cls, e.args.map((a) => this.expr(a)), e.pos);
      case 'newarr':
        return e.items ? e.items.map((i) => this.expr(i)) : newArray(e.cls, numOf(this.expr(e.size!), e.pos), e.pos);
      case 'list':
        return e.items.map((i) => this.expr(i));
      case 'map':
      {
        const m: Record<string, unknown> = {};
        for (const [k, v] of e.entries) mapSet(m, javaString(this.expr(k)), this.expr(v));
        return m;
      }
      case 'unary':
        return unary(e.op, this.expr(e.e), e.pos);
      case 'bin':
        return this.binary(e);
      case 'cond':
        return this.truth(e.c) ? this.expr(e.t) : this.expr(e.f);
      case 'elvis': {
        const l = this.expr(e.l);
        return l === null || l === undefined ? this.expr(e.r) : l;
      }
      case 'assign':
        return this.assign(e);
      case 'incdec': {
        const old = this.expr(e.target);
        const value = arithmetic(e.op === '++' ? '+' : '-', old, 1, e.pos);
        this.store(e.target, value, e.pos);
        return e.prefix ? value : old;
      }
      case 'cast':
        return coerce(e.type, this.expr(e.e), e.pos, true);
      case 'instanceof':
        return instanceOf(this.expr(e.e), e.type);
    }
  }

  private variable(name: string, pos: number): unknown {
    const s = this.slot(name);
    if (s) return s.value;
    if (Object.hasOwn(this.bindings, name)) return this.bindings[name];
    if (CLASSES.has(name)) return new ClassRef(name);
    throw new PainlessFault(`cannot resolve symbol [${name}]`, pos);
  }

  private call(name: string, args: unknown[], pos: number): unknown {
    const f = this.bindings[`fn:${name}`];
    if (typeof f === 'function') return (f as (...a: unknown[]) => unknown)(...args);
    throw new PainlessFault(`Unknown call [${name}] with [${args.length}] arguments.`, pos);
  }

  private binary(e: Extract<Expr, { k: 'bin' }>): unknown {
    if (e.op === '&&') return this.truth(e.l) && this.truth(e.r);
    if (e.op === '||') return this.truth(e.l) || this.truth(e.r);
    return binaryOp(e.op, this.expr(e.l), this.expr(e.r), e.pos);
  }

  private assign(e: Extract<Expr, { k: 'assign' }>): unknown {
    const value = e.op === '=' ? this.expr(e.value) : binaryOp(e.op.slice(0, -1), this.expr(e.target), this.expr(e.value), e.pos);
    return this.store(e.target, value, e.pos);
  }

  private store(target: Expr, value: unknown, pos: number): unknown {
    if (target.k === 'var') {
      const s = this.slot(target.name);
      if (!s) throw new PainlessFault(Object.hasOwn(this.bindings, target.name) ? `variable [${target.name}] is read-only` : `cannot resolve symbol [${target.name}]`, pos);
      return (s.value = coerce(s.type, value, pos));
    }
    if (target.k === 'member') setMember(this.expr(target.obj), target.name, value, pos);
    else if (target.k === 'index') setIndex(this.expr(target.obj), this.expr(target.idx), value, pos);
    else throw new PainlessFault('invalid assignment target', pos);
    return value;
  }
}

function defaultOf(type: string): unknown {
  if (INT_TYPES.has(type) && /^[a-z]/.test(type)) return 0;
  if (FLOAT_TYPES.has(type) && /^[a-z]/.test(type)) return new PDouble(0);
  return type === 'boolean' ? false : null;
}

/** A value stored into a variable of `type` (or cast to it): numbers narrow or widen as Java's do. */
function coerce(type: string, v: unknown, pos: number, explicit = false): unknown {
  if (INT_TYPES.has(type) && isNumber(v)) return Math.trunc(numOf(v, pos));
  if (FLOAT_TYPES.has(type) && isNumber(v)) return new PDouble(numOf(v, pos));
  if (type === 'String' && explicit && v !== null && typeof v !== 'string') throw new PainlessFault(`Cannot cast ${javaType(v)} to java.lang.String`, pos, 'class_cast_exception');
  if ((INT_TYPES.has(type) || FLOAT_TYPES.has(type)) && v !== null && !isNumber(v)) {
    throw new PainlessFault(`Cannot cast ${javaType(v)} to ${type}`, pos, 'class_cast_exception');
  }
  return v;
}

function instanceOf(v: unknown, type: string): boolean {
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

function newArray(cls: string, size: number, pos: number): unknown[] {
  const n = Math.trunc(size);
  if (n < 0) throw new PainlessFault(`${n}`, pos, 'negative_array_size_exception');
  checkSize(n, 'collection', pos);
  return new Array(n).fill(defaultOf(cls));
}

function construct(cls: string, args: unknown[], pos: number): unknown {
  if (cls === 'ArrayList' || cls === 'HashSet') return Array.isArray(args[0]) ? [...args[0]] : [];
  if (cls === 'HashMap') return isMap(args[0]) ? { ...args[0] } : {};
  if (cls === 'String') return args.length ? javaString(args[0]) : '';
  throw new PainlessFault(`constructor [${cls}/${args.length}] not found`, pos);
}

function unary(op: string, v: unknown, pos: number): unknown {
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
function binaryOp(op: string, l: unknown, r: unknown, pos: number): unknown {
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

function arithmetic(op: string, l: unknown, r: unknown, pos: number): unknown {
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

