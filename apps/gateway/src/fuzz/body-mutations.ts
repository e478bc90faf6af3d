import fc from 'fast-check';

/** How a valid body is spoiled; plain data so fast-check can shrink it and a failure can print it. */
export type BodyMutation =
  | { k: 'valid' }
  | { k: 'empty' }
  | { k: 'wrongType'; leaf: number; value: unknown }
  | { k: 'drop'; leaf: number }
  | { k: 'extra'; key: string; value: unknown }
  | { k: 'huge'; leaf: number; length: number }
  | { k: 'deep'; leaf: number; depth: number; shape: 'object' | 'array' }
  | { k: 'surrogate'; leaf: number; text: string }
  | { k: 'control'; leaf: number; text: string }
  | { k: 'broken'; variant: number }
  | { k: 'badUtf8'; at: number; bytes: readonly number[] };

const leaf = fc.nat({ max: 20 });
const oddValue = fc.oneof(
  fc.constantFrom(null, true, 0, -1, 1e308, 2147483648, '', '1', [], {}, [null], { '': null }),
  fc.string({ maxLength: 8 }),
  fc.integer(),
);

/** Every kind of spoiled body the suite sends, valid ones included. */
export const bodyMutationArb: fc.Arbitrary<BodyMutation> = fc.oneof(
  { withCrossShrink: true },
  { weight: 6, arbitrary: fc.constant({ k: 'valid' as const }) },
  { weight: 1, arbitrary: fc.constant({ k: 'empty' as const }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('wrongType' as const), leaf, value: oddValue }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('drop' as const), leaf }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('extra' as const), key: fc.constantFrom('x', '__proto__', 'constructor', '', 'settings'), value: oddValue }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('huge' as const), leaf, length: fc.integer({ min: 1000, max: 1_000_000 }) }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('deep' as const), leaf, depth: fc.oneof(fc.integer({ min: 20, max: 5000 }), fc.constantFrom(101, 1000, 3000, 5000)), shape: fc.constantFrom('object' as const, 'array' as const) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('surrogate' as const), leaf, text: fc.constantFrom('\ud800', 'a\udfffb', '\udc00\ud800', 'fz-\ud83d') }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('control' as const), leaf, text: fc.constantFrom('\u0000', 'a\u0001b', '\r\n', '\u001b[31m', '\u2028', '\u00ff') }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('broken' as const), variant: fc.nat({ max: 9 }) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('badUtf8' as const), at: fc.nat({ max: 100 }), bytes: fc.constantFrom([0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf8, 0x88, 0x80, 0x80, 0x80]) }) },
);

const PLACEHOLDER = '__fz_placeholder__';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Paths to every value in a small JSON value (the valid bodies are a few levels deep). */
function paths(v: Json, at: (string | number)[] = []): (string | number)[][] {
  const out = [at];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...at, i])));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...at, k]));
  return out;
}

function setAt(root: Json, path: (string | number)[], value: Json | undefined): Json {
  if (path.length === 0) return value ?? null;
  const copy = JSON.parse(JSON.stringify(root)) as Json;
  let node = copy as Record<string | number, Json>;
  for (const p of path.slice(0, -1)) node = node[p] as Record<string | number, Json>;
  const last = path[path.length - 1];
  if (value === undefined) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = value;
  return copy;
}

const BROKEN = ['{', '}', '{"a":}', '[1,]', '{"a":1}}', "{'a':1}", 'nul', '{"a":1,"a":2}', '\ufeff{}', '{"a":"\\x00"}'];

function deepText(depth: number, shape: 'object' | 'array'): string {
  return shape === 'object' ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}` : `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

/** The JSON text of `valid` spoiled by `m`. */
export function mutateJson(valid: unknown, m: BodyMutation): Buffer {
  const v = (valid ?? {}) as Json;
  const all = paths(v);
  const pick = (n: number) => all[n % all.length];
  const text = (x: Json) => Buffer.from(JSON.stringify(x));
  switch (m.k) {
    case 'valid':
      return text(v);
    case 'empty':
      return Buffer.alloc(0);
    case 'wrongType':
      return text(setAt(v, pick(m.leaf), m.value as Json));
    case 'drop':
      return text(setAt(v, pick(m.leaf), undefined));
    case 'extra':
      return Buffer.from(JSON.stringify(v).replace(/^\{/, `{${JSON.stringify(m.key)}:${JSON.stringify(m.value)},`));
    case 'huge':
      return text(setAt(v, pick(m.leaf), 'x'.repeat(m.length)));
    case 'deep':
      return Buffer.from(JSON.stringify(setAt(v, pick(m.leaf), PLACEHOLDER)).replace(`"${PLACEHOLDER}"`, deepText(m.depth, m.shape)));
    case 'surrogate':
    case 'control':
      return text(setAt(v, pick(m.leaf), m.text));
    case 'broken':
      return Buffer.from(BROKEN[m.variant % BROKEN.length]);
    case 'badUtf8':
      return spliceBytes(text(v), m.at, m.bytes);
  }
}

function spliceBytes(buf: Buffer, at: number, bytes: readonly number[]): Buffer {
  const i = at % (buf.length + 1);
  return Buffer.concat([buf.subarray(0, i), Buffer.from(bytes), buf.subarray(i)]);
}

/** A text body (NDJSON, line protocol) spoiled by `m`: line-level breakage instead of JSON paths. */
export function mutateText(valid: string, m: BodyMutation): Buffer {
  const lines = valid.split('\n');
  const at = (n: number) => n % Math.max(lines.length, 1);
  const replaceLine = (n: number, line: string) => Buffer.from(lines.map((l, i) => (i === at(n) ? line : l)).join('\n'));
  switch (m.k) {
    case 'valid':
      return Buffer.from(valid);
    case 'empty':
      return Buffer.alloc(0);
    case 'wrongType':
      return replaceLine(m.leaf, JSON.stringify(m.value));
    case 'drop':
      return Buffer.from(lines.filter((_l, i) => i !== at(m.leaf)).join('\n'));
    case 'extra':
      return Buffer.from(`${valid}\n${JSON.stringify({ [m.key]: m.value })}\n`);
    case 'huge':
      return replaceLine(m.leaf, `{"msg":"${'x'.repeat(m.length)}"}`);
    case 'deep':
      return replaceLine(m.leaf, deepText(m.depth, m.shape));
    case 'surrogate':
    case 'control':
      return replaceLine(m.leaf, `${lines[at(m.leaf)]}${m.text}`);
    case 'broken':
      return replaceLine(m.variant, BROKEN[m.variant % BROKEN.length]);
    case 'badUtf8':
      return spliceBytes(Buffer.from(valid), m.at, m.bytes);
  }
}
