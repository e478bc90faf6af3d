import { scriptError } from './script-errors';

/** One token of a Painless source, with its offset for error positions. */
export interface Token {
  kind: 'num' | 'str' | 'id' | 'op' | 'eof';
  text: string;
  /** For numbers: the value and whether it is a floating-point literal. */
  value?: number;
  float?: boolean;
  pos: number;
}

// Longest first, so `>>=` is not read as `>` `>=`.
const OPS = [
  '>>>=', '===', '!==', '>>=', '<<=', '>>>', '?.', '?:', '==', '!=', '<=', '>=', '&&', '||', '++', '--', '+=', '-=', '*=', '/=', '%=',
  '&=', '|=', '^=', '<<', '>>', '->', '::', '{', '}', '(', ')', '[', ']', ';', ',', '.', '?', ':', '=', '<', '>', '+', '-', '*', '/', '%',
  '!', '~', '&', '|', '^',
];

/** Splits Painless source into tokens; comments and whitespace are dropped. */
export function tokenize(source: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (source.startsWith('//', i)) {
      const end = source.indexOf('\n', i);
      i = end < 0 ? source.length : end;
    } else if (source.startsWith('/*', i)) {
      const end = source.indexOf('*/', i + 2);
      if (end < 0) throw scriptError({ source, pos: i, reason: 'unterminated comment' });
      i = end + 2;
    } else if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(source[i + 1] ?? ''))) {
      i = number(source, i, out);
    } else if (ch === "'" || ch === '"') {
      i = string(source, i, out);
    } else if (/[A-Za-z_$]/.test(ch)) {
      const m = /^[A-Za-z_$][\w$]*/.exec(source.slice(i))![0];
      out.push({ kind: 'id', text: m, pos: i });
      i += m.length;
    } else {
      const op = OPS.find((o) => source.startsWith(o, i));
      if (!op) throw scriptError({ source, pos: i, reason: `unexpected character [${ch}]` });
      out.push({ kind: 'op', text: op, pos: i });
      i += op.length;
    }
  }
  out.push({ kind: 'eof', text: '<EOF>', pos: source.length });
  return out;
}

function number(source: string, start: number, out: Token[]): number {
  const hex = /^0[xX][0-9a-fA-F]+[lL]?/.exec(source.slice(start));
  if (hex) {
    out.push({ kind: 'num', text: hex[0], value: parseInt(hex[0].replace(/[lL]$/, ''), 16), float: false, pos: start });
    return start + hex[0].length;
  }
  const m = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[lLfFdD]?/.exec(source.slice(start))![0];
  const suffix = /[lLfFdD]$/.test(m) ? m.slice(-1).toLowerCase() : '';
  const body = suffix ? m.slice(0, -1) : m;
  const float = suffix === 'f' || suffix === 'd' || /[.eE]/.test(body);
  out.push({ kind: 'num', text: m, value: Number(body), float, pos: start });
  return start + m.length;
}

function string(source: string, start: number, out: Token[]): number {
  const quote = source[start];
  let i = start + 1;
  let text = '';
  while (i < source.length && source[i] !== quote) {
    if (source[i] === '\\' && i + 1 < source.length) {
      const next = source[i + 1];
      text += next === 'n' ? '\n' : next === 't' ? '\t' : next === 'r' ? '\r' : next;
      i += 2;
    } else {
      text += source[i++];
    }
  }
  if (i >= source.length) throw scriptError({ source, pos: start, reason: 'unterminated string' });
  out.push({ kind: 'str', text, pos: start });
  return i + 1;
}
