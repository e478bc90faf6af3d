import { type Expr, type Stmt, TYPES } from './painless-ast';
import { tokenize, type Token } from './painless-lexer';
import { scriptError } from './script-errors';

const BINARY: [string[], number][] = [
  [['||'], 1], [['&&'], 2], [['|'], 3], [['^'], 4], [['&'], 5], [['==', '!=', '===', '!=='], 6], [['<', '<=', '>', '>=', 'instanceof'], 7],
  [['<<', '>>', '>>>'], 8], [['+', '-'], 9], [['*', '/', '%'], 10],
];
const PRECEDENCE = new Map(BINARY.flatMap(([ops, p]) => ops.map((o) => [o, p] as const)));
const ASSIGN_OPS = new Set(['=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '<<=', '>>=', '>>>=']);

export type { Expr, Stmt };

/** Parses Painless source into statements (a whole script is a block; a bare expression is its return value). */
export function parsePainless(source: string): Stmt[] {
  return new Parser(source).script();
}

class Parser {
  private readonly toks: Token[];
  private i = 0;

  constructor(private readonly source: string) {
    this.toks = tokenize(source);
  }

  script(): Stmt[] {
    const out: Stmt[] = [];
    while (this.peek().kind !== 'eof') out.push(this.statement());
    // Painless returns the value of a last expression statement without `return` (e.g. `doc['f'].value * 2`).
    const last = out[out.length - 1];
    if (last?.k === 'expr') out[out.length - 1] = { k: 'return', value: last.e, pos: last.pos };
    return out;
  }

  private fail(reason: string, pos = this.peek().pos): never {
    throw scriptError({ source: this.source, pos, reason });
  }

  private peek(n = 0): Token {
    return this.toks[Math.min(this.i + n, this.toks.length - 1)];
  }

  private next(): Token {
    return this.toks[this.i++];
  }

  private is(text: string, n = 0): boolean {
    const t = this.peek(n);
    return (t.kind === 'op' || t.kind === 'id') && t.text === text;
  }

  private eat(text: string): boolean {
    if (!this.is(text)) return false;
    this.i++;
    return true;
  }

  private expect(text: string): Token {
    if (!this.is(text)) this.fail(`unexpected token [${this.peek().text}] was expecting [${text}]`);
    return this.next();
  }

  private ident(): string {
    const t = this.next();
    if (t.kind !== 'id') this.fail(`unexpected token [${t.text}] was expecting an identifier`, t.pos);
    return t.text;
  }

  private statement(): Stmt {
    const t = this.peek();
    const pos = t.pos;
    if (this.eat('{')) {
      const body: Stmt[] = [];
      while (!this.eat('}')) {
        if (this.peek().kind === 'eof') this.fail('unexpected end of script, missing [}]');
        body.push(this.statement());
      }
      return { k: 'block', body, pos };
    }
    if (this.eat(';')) return { k: 'block', body: [], pos };
    if (this.eat('if')) {
      this.expect('(');
      const cond = this.expr();
      this.expect(')');
      const then = this.statement();
      return { k: 'if', cond, then, else: this.eat('else') ? this.statement() : undefined, pos };
    }
    if (this.eat('while')) {
      this.expect('(');
      const cond = this.expr();
      this.expect(')');
      return { k: 'while', cond, body: this.statement(), doWhile: false, pos };
    }
    if (this.eat('do')) {
      const body = this.statement();
      this.expect('while');
      this.expect('(');
      const cond = this.expr();
      this.expect(')');
      this.eat(';');
      return { k: 'while', cond, body, doWhile: true, pos };
    }
    if (this.eat('for')) return this.forStatement(pos);
    if (this.eat('return')) {
      const value = this.is(';') || this.is('}') || this.peek().kind === 'eof' ? undefined : this.expr();
      this.endStatement();
      return { k: 'return', value, pos };
    }
    if (this.eat('break') || this.eat('continue')) {
      const k = this.toks[this.i - 1].text as 'break' | 'continue';
      this.endStatement();
      return { k, pos };
    }
    const decl = this.tryDeclaration();
    if (decl) {
      this.endStatement();
      return decl;
    }
    const e = this.expr();
    this.endStatement();
    return { k: 'expr', e, pos };
  }

  /** `;` ends a statement; the last statement of a block or script may go without. */
  private endStatement(): void {
    if (this.eat(';') || this.is('}') || this.peek().kind === 'eof') return;
    this.fail(`unexpected token [${this.peek().text}] was expecting one of [;]`);
  }

  private forStatement(pos: number): Stmt {
    this.expect('(');
    // for (def x : list) / for (x in list)
    const save = this.i;
    const type = this.typeName();
    if (type !== undefined && this.peek().kind === 'id' && this.is(':', 1)) {
      const name = this.ident();
      this.expect(':');
      const iter = this.expr();
      this.expect(')');
      return { k: 'foreach', name, iter, body: this.statement(), pos };
    }
    this.i = save;
    if (this.peek().kind === 'id' && this.is('in', 1)) {
      const name = this.ident();
      this.expect('in');
      const iter = this.expr();
      this.expect(')');
      return { k: 'foreach', name, iter, body: this.statement(), pos };
    }
    let init: Stmt | undefined;
    if (!this.is(';')) init = this.tryDeclaration() ?? { k: 'expr', e: this.expr(), pos: this.peek().pos };
    this.expect(';');
    const cond = this.is(';') ? undefined : this.expr();
    this.expect(';');
    const update: Expr[] = [];
    while (!this.is(')')) {
      update.push(this.expr());
      if (!this.eat(',')) break;
    }
    this.expect(')');
    return { k: 'for', init, cond, update, body: this.statement(), pos };
  }

  /** A type name with generic arguments and array brackets, or undefined (position unchanged) if none. */
  private typeName(): string | undefined {
    const t = this.peek();
    if (t.kind !== 'id' || !TYPES.has(t.text)) return undefined;
    this.i++;
    if (this.is('<')) {
      let depth = 0;
      do {
        if (this.is('<')) depth++;
        else if (this.is('>')) depth--;
        else if (this.is('>>')) depth -= 2;
        this.i++;
      } while (depth > 0 && this.peek().kind !== 'eof');
    }
    let name = t.text;
    while (this.is('[') && this.is(']', 1)) {
      this.i += 2;
      name += '[]';
    }
    return name;
  }

  private tryDeclaration(): Stmt | undefined {
    const save = this.i;
    const pos = this.peek().pos;
    const type = this.typeName();
    if (type === undefined || this.peek().kind !== 'id') {
      this.i = save;
      return undefined;
    }
    const vars: { name: string; init?: Expr }[] = [];
    do {
      const name = this.ident();
      vars.push({ name, init: this.eat('=') ? this.expr() : undefined });
    } while (this.eat(','));
    return { k: 'decl', type, vars, pos };
  }

  expr(): Expr {
    const pos = this.peek().pos;
    const left = this.ternary();
    const op = this.peek();
    if (op.kind === 'op' && ASSIGN_OPS.has(op.text)) {
      if (left.k !== 'var' && left.k !== 'member' && left.k !== 'index') this.fail('invalid assignment target', pos);
      this.i++;
      return { k: 'assign', op: op.text, target: left, value: this.expr(), pos };
    }
    return left;
  }

  private ternary(): Expr {
    const pos = this.peek().pos;
    const c = this.binary(1);
    if (this.eat('?:')) return { k: 'elvis', l: c, r: this.ternary(), pos };
    if (!this.eat('?')) return c;
    const t = this.expr();
    this.expect(':');
    return { k: 'cond', c, t, f: this.ternary(), pos };
  }

  private binary(min: number): Expr {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      const p = (t.kind === 'op' || t.text === 'instanceof') && PRECEDENCE.get(t.text);
      if (!p || p < min) return left;
      this.i++;
      if (t.text === 'instanceof') {
        left = { k: 'instanceof', e: left, type: this.typeName() ?? this.ident(), pos: t.pos };
        continue;
      }
      left = { k: 'bin', op: t.text, l: left, r: this.binary(p + 1), pos: t.pos };
    }
  }

  private unary(): Expr {
    const t = this.peek();
    if (t.kind === 'op' && ['!', '-', '+', '~'].includes(t.text)) {
      this.i++;
      return { k: 'unary', op: t.text, e: this.unary(), pos: t.pos };
    }
    if (t.kind === 'op' && (t.text === '++' || t.text === '--')) {
      this.i++;
      return { k: 'incdec', op: t.text, prefix: true, target: this.unary(), pos: t.pos };
    }
    if (this.is('(') && this.peek(1).kind === 'id' && TYPES.has(this.peek(1).text)) {
      const save = this.i;
      this.i++;
      const type = this.typeName();
      if (type !== undefined && this.eat(')')) return { k: 'cast', type, e: this.unary(), pos: t.pos };
      this.i = save;
    }
    return this.postfix(this.primary());
  }

  private args(): Expr[] {
    this.expect('(');
    const out: Expr[] = [];
    while (!this.is(')')) {
      out.push(this.expr());
      if (!this.eat(',')) break;
    }
    this.expect(')');
    return out;
  }

  private postfix(e: Expr): Expr {
    for (;;) {
      const t = this.peek();
      if (this.is('.') || this.is('?.')) {
        this.i++;
        const name = this.ident();
        const safe = t.text === '?.';
        e = this.is('(') ? { k: 'mcall', obj: e, name, args: this.args(), safe, pos: t.pos } : { k: 'member', obj: e, name, safe, pos: t.pos };
      } else if (this.eat('[')) {
        const idx = this.expr();
        this.expect(']');
        e = { k: 'index', obj: e, idx, pos: t.pos };
      } else if (this.is('++') || this.is('--')) {
        this.i++;
        e = { k: 'incdec', op: t.text as '++' | '--', prefix: false, target: e, pos: t.pos };
      } else {
        return e;
      }
    }
  }

  private primary(): Expr {
    const t = this.next();
    const pos = t.pos;
    if (t.kind === 'num') return { k: 'num', v: t.value!, float: t.float === true, pos };
    if (t.kind === 'str') return { k: 'str', v: t.text, pos };
    if (t.kind === 'id') {
      if (t.text === 'true' || t.text === 'false') return { k: 'bool', v: t.text === 'true', pos };
      if (t.text === 'null') return { k: 'null', pos };
      if (t.text === 'new') return this.newExpr(pos);
      if (this.is('->') || (this.is('::'))) this.fail('lambdas and method references are not supported by the embedded cluster', pos);
      if (this.is('(')) return { k: 'call', name: t.text, args: this.args(), pos };
      return { k: 'var', name: t.text, pos };
    }
    if (t.text === '(') {
      const e = this.expr();
      this.expect(')');
      return e;
    }
    if (t.text === '[') return this.collectionLiteral(pos);
    return this.fail(`unexpected token [${t.text}]`, pos);
  }

  private newExpr(pos: number): Expr {
    const cls = this.ident();
    if (this.is('<')) {
      this.i--;
      this.typeName();
    }
    if (this.eat('[')) {
      if (this.eat(']')) {
        this.expect('{');
        const items: Expr[] = [];
        while (!this.is('}')) {
          items.push(this.expr());
          if (!this.eat(',')) break;
        }
        this.expect('}');
        return { k: 'newarr', cls, items, pos };
      }
      const size = this.expr();
      this.expect(']');
      return { k: 'newarr', cls, size, pos };
    }
    return { k: 'new', cls, args: this.args(), pos };
  }

  /** `[]`, `[a, b]`, `[:]` and `['k': v]`. */
  private collectionLiteral(pos: number): Expr {
    if (this.eat(']')) return { k: 'list', items: [], pos };
    if (this.eat(':')) {
      this.expect(']');
      return { k: 'map', entries: [], pos };
    }
    const first = this.expr();
    if (this.eat(':')) {
      const entries: [Expr, Expr][] = [[first, this.expr()]];
      while (this.eat(',')) {
        const key = this.expr();
        this.expect(':');
        entries.push([key, this.expr()]);
      }
      this.expect(']');
      return { k: 'map', entries, pos };
    }
    const items = [first];
    while (this.eat(',')) items.push(this.expr());
    this.expect(']');
    return { k: 'list', items, pos };
  }
}
