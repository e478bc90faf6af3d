import type { Expr, Stmt } from './painless-parser';
import { callMethod, CLASSES, getIndex, getMember, setIndex, setMember } from './painless-methods';
import { arithmetic, binaryOp, coerce, construct, defaultOf, instanceOf, newArray, unary } from './painless-operators';
import { ClassRef, isMap, javaString, javaType, mapSet, numOf, PDouble } from './painless-values';
import { PainlessFault } from './script-errors';

/** Painless's `painless.max_loop_counter` default: loop iterations one script run may take. */
export const MAX_LOOP_COUNTER = 1_000_000;

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
