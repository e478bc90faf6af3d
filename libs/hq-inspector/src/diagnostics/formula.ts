/**
 * The arithmetic HQ evaluates after substituting metric values into a rule's formula
 * (`HQ:elastichq/service/DiagnosticsService.py eval_`): numbers, + - * / ** ^ (integer xor, as Python's `^`),
 * unary minus and parentheses. Nothing else parses, so an unsubstituted key makes the rule fail, as in HQ.
 * A division by zero yields 0 where it happens, like HQ's `except ZeroDivisionError: return 0` on each node.
 */
export function evaluateFormula(expression: string): number {
  const parser = new Parser(tokenize(expression));
  const value = parser.expression();
  parser.end();
  return value;
}

type Token = { kind: 'num'; value: number } | { kind: 'op'; value: string };

const TOKEN = /\s*(?:(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|(\*\*|[-+*/^()]))/y;

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  let pos = 0;
  while (pos < input.length) {
    if (/^\s*$/.test(input.slice(pos))) break;
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(input);
    if (!m) throw new Error(`cannot evaluate formula at '${input.slice(pos)}'`);
    tokens.push(m[1] !== undefined ? { kind: 'num', value: Number(m[1]) } : { kind: 'op', value: m[2] });
    pos = TOKEN.lastIndex;
  }
  return tokens;
}

// Python precedence: ^ < + - < * / < unary - < **
class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  end(): void {
    if (this.i < this.tokens.length) throw new Error('unexpected trailing tokens in formula');
  }

  expression(): number {
    let left = this.additive();
    while (this.peek('^')) {
      this.i++;
      const right = this.additive();
      if (!Number.isInteger(left) || !Number.isInteger(right)) throw new Error('^ needs integers');
      left = Number(BigInt(left) ^ BigInt(right));
    }
    return left;
  }

  private additive(): number {
    let left = this.term();
    while (this.peek('+') || this.peek('-')) {
      const op = this.next();
      const right = this.term();
      left = op === '+' ? left + right : left - right;
    }
    return left;
  }

  private term(): number {
    let left = this.unary();
    while (this.peek('*') || this.peek('/')) {
      const op = this.next();
      const right = this.unary();
      left = op === '*' ? left * right : right === 0 ? 0 : left / right;
    }
    return left;
  }

  private unary(): number {
    if (this.peek('-')) {
      this.i++;
      return -this.unary();
    }
    if (this.peek('+')) {
      this.i++;
      return this.unary();
    }
    return this.power();
  }

  private power(): number {
    const base = this.atom();
    if (this.peek('**')) {
      this.i++;
      return base ** this.unary();
    }
    return base;
  }

  private atom(): number {
    const t = this.tokens[this.i++];
    if (!t) throw new Error('formula ends too early');
    if (t.kind === 'num') return t.value;
    if (t.value === '(') {
      const v = this.expression();
      if (this.next() !== ')') throw new Error('missing ) in formula');
      return v;
    }
    throw new Error(`unexpected '${t.value}' in formula`);
  }

  private peek(op: string): boolean {
    const t = this.tokens[this.i];
    return t?.kind === 'op' && t.value === op;
  }

  private next(): string | undefined {
    const t = this.tokens[this.i++];
    return t?.kind === 'op' ? t.value : undefined;
  }
}
