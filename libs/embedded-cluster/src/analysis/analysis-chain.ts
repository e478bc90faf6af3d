import { illegalArgument } from '../http/errors';
import { persianStem, porterStem } from './stemmers';

/** A token as `_analyze` reports it. */
export interface Token {
  token: string;
  start_offset: number;
  end_offset: number;
  type: string;
  position: number;
}

/** Text after char filters, with the original offset of each of its characters (and of its end). */
interface Filtered {
  text: string;
  offsets: number[];
}

/** `html_strip`: drops tags and keeps each remaining character's original offset; the end maps to the input's end. */
function htmlStrip(input: Filtered): Filtered {
  let text = '';
  const offsets: number[] = [];
  const re = /<[^>]*>/g;
  let last = 0;
  for (const m of input.text.matchAll(re)) {
    for (let i = last; i < m.index; i++) (text += input.text[i], offsets.push(input.offsets[i]));
    last = m.index + m[0].length;
  }
  for (let i = last; i < input.text.length; i++) (text += input.text[i], offsets.push(input.offsets[i]));
  offsets.push(input.offsets[input.text.length]);
  return { text, offsets };
}

const TOKENIZERS: Record<string, { re: RegExp; type: (t: string) => string }> = {
  // The standard tokenizer, simplified to runs of letters, digits and underscores (Unicode-aware).
  standard: { re: /[\p{L}\p{N}_]+/gu, type: (t) => (/^\p{N}+$/u.test(t) ? '<NUM>' : '<ALPHANUM>') },
  whitespace: { re: /\S+/gu, type: () => 'word' },
  keyword: { re: /^[\s\S]+$/gu, type: () => 'word' },
  letter: { re: /\p{L}+/gu, type: () => 'word' },
};

/** Lucene's default English stop words (`_english_`). */
const ENGLISH_STOP = ['a', 'an', 'and', 'are', 'as', 'at', 'be', 'but', 'by', 'for', 'if', 'in', 'into', 'is', 'it', 'no', 'not', 'of', 'on', 'or', 'such', 'that', 'the', 'their', 'then', 'there', 'these', 'they', 'this', 'to', 'was', 'will', 'with'];

type TokenFilter = (tokens: Token[]) => Token[];

function tokenFilter(spec: unknown): TokenFilter {
  const def = typeof spec === 'string' ? { type: spec } : (spec as { type?: string; stopwords?: unknown });
  const map = (f: (s: string) => string): TokenFilter => (ts) => ts.map((t) => ({ ...t, token: f(t.token) }));
  switch (def.type) {
    case 'lowercase':
      return map((s) => s.toLowerCase());
    case 'uppercase':
      return map((s) => s.toUpperCase());
    case 'porter_stem':
      return map(porterStem);
    case 'persian_stem':
      return map(persianStem);
    case 'asciifolding':
      return map((s) => s.normalize('NFD').replace(/\p{M}/gu, ''));
    case 'stop': {
      const words = def.stopwords === undefined || def.stopwords === '_english_' ? ENGLISH_STOP : (def.stopwords as string[]);
      const stop = new Set(words.map(String));
      return (ts) => ts.filter((t) => !stop.has(t.token));
    }
    default:
      throw illegalArgument(`failed to find global token filter under [${String(def.type)}]`);
  }
}

/** The parts of an analysis chain: char filters, one tokenizer, token filters. */
export interface Chain {
  charFilters: string[];
  tokenizer: string;
  filters: unknown[];
}

/** Built-in analyzers as chains. */
export const ANALYZERS: Record<string, Chain> = {
  standard: { charFilters: [], tokenizer: 'standard', filters: ['lowercase'] },
  simple: { charFilters: [], tokenizer: 'letter', filters: ['lowercase'] },
  whitespace: { charFilters: [], tokenizer: 'whitespace', filters: [] },
  keyword: { charFilters: [], tokenizer: 'keyword', filters: [] },
  stop: { charFilters: [], tokenizer: 'letter', filters: ['lowercase', 'stop'] },
};

/** Runs a chain over one text; `base` shifts offsets and positions for the later values of a multi-value field. */
export function runChain(chain: Chain, text: string, base = { offset: 0, position: 0 }): Token[] {
  let f: Filtered = { text, offsets: [...Array(text.length + 1).keys()] };
  for (const cf of chain.charFilters) {
    if (cf !== 'html_strip') throw illegalArgument(`failed to find global char filter under [${cf}]`);
    f = htmlStrip(f);
  }
  const tk = TOKENIZERS[chain.tokenizer];
  if (!tk) throw illegalArgument(`failed to find global tokenizer under [${chain.tokenizer}]`);
  let tokens: Token[] = [...f.text.matchAll(tk.re)].map((m, i) => ({
    token: m[0], start_offset: base.offset + f.offsets[m.index], end_offset: base.offset + f.offsets[m.index + m[0].length], type: tk.type(m[0]), position: base.position + i,
  }));
  for (const spec of chain.filters) tokens = tokenFilter(spec)(tokens);
  return tokens;
}
