import type { AppError } from '@ferry/core';
import { MAX_LOOP_COUNTER } from './painless-interpreter';
import { javaString, PDouble } from './painless-values';
import { compileInline } from './script-service';

const run = (source: string, params: Record<string, unknown> = {}, bindings: Record<string, unknown> = {}) => compileInline({ source, params }).run(bindings);

function failure(f: () => unknown): AppError & { fields: Record<string, any> } {
  try {
    f();
  } catch (err) {
    return err as AppError & { fields: Record<string, any> };
  }
  throw new Error('expected a failure');
}

describe('Painless subset', () => {
  it.each([
    ['(params.x + params.y) / 2', { x: 80, y: 100 }, 90],
    ['7 / 2', {}, 3],
    ['7.0 / 2', {}, 3.5],
    ['-7 / 2', {}, -3],
    ['7 % 3', {}, 1],
    ['params.p / 2', { p: 5.5 }, 2.75],
    ["'a' + 1 + 2", {}, 'a12'],
    ['1 + 2 + "a"', {}, '3a'],
    ['1.0 + "x"', {}, '1.0x'],
    ['2 < 3 && !(3 <= 2) || false', {}, true],
    ['params.v == null ? "none" : params.v', { v: null }, 'none'],
    ['params.v ?: "dflt"', {}, 'dflt'],
    ['Math.max(3, 9) + Math.abs(-2)', {}, 11],
    ['Math.sqrt(16)', {}, 4],
    ['Math.round(2.5)', {}, 3],
    ['(int) 3.9', {}, 3],
    ['(double) 3 / 2', {}, 1.5],
    ['"Hello".length() + "abc".substring(1).length()', {}, 7],
    ['"a,b,c".splitOnToken(",").length', {}, 3],
    ["params.list.size() + params.list.length + params.list[0]", { list: [5, 6] }, 9],
    ["params.m.containsKey('a') && !params.m.containsKey('b')", { m: { a: 1 } }, true],
    ["params.m.a + params.m['a']", { m: { a: 1 } }, 2],
    ['Integer.parseInt("42") + 1', {}, 43],
    ['String.valueOf(2.0)', {}, '2.0'],
    ['1 == 1.0', {}, true],
    ['[1, 2] == [1, 2]', {}, true],
  ])('%s', (source, params, expected) => {
    expect(run(source, params)).toEqual(expected);
  });

  it('runs statements: declarations, if/else, for, for-each, while, break, continue, return', () => {
    const source = `
      int total = 0;
      for (int i = 0; i < params.n; ++i) {
        if (i % 2 == 0) { continue; }
        total += i;
      }
      def seen = new ArrayList();
      for (def x : params.items) { if (x == 'stop') break; seen.add(x); }
      int j = 0;
      while (j < 3) { j++; }
      Map m = new HashMap();
      m.put('total', total);
      m.put('seen', seen);
      m.j = j;
      return m;`;
    expect(run(source, { n: 10, items: ['a', 'b', 'stop', 'c'] })).toEqual({ total: 25, seen: ['a', 'b'], j: 3 });
  });

  it('keeps a declared int an int when a double is added (Java compound assignment)', () => {
    expect(run('int t = 1; t += 2.7; return t;')).toBe(3);
    expect(run('double d = 1; return d / 2;')).toBe(0.5);
  });

  it('changes ctx._source in place', () => {
    const ctx = { _source: { year: 1990, tags: ['a'] }, op: 'index' };
    run("ctx._source.year += params.value; ctx._source.tags.add('b'); ctx._source.remove('none'); ctx.op = 'noop'", { value: 10 }, { ctx });
    expect(ctx).toEqual({ _source: { year: 2000, tags: ['a', 'b'] }, op: 'noop' });
  });

  it('stops a script that loops past painless.max_loop_counter with a 400 script_exception', () => {
    const err = failure(() => run('int i = 0; while (true) { i++; } return i;'));
    expect(err.status).toBe(400);
    expect(err.type).toBe('script_exception');
    expect(err.message).toBe('runtime error');
    expect(err.fields.caused_by.reason).toMatch(/maximum number of statements/);
    expect(MAX_LOOP_COUNTER).toBe(1_000_000);
  });

  it.each([
    ['def x = new int[1000000000]; return 1', /at most 1000000 elements/],
    ["String s = 'a'; for (int i = 0; i < 100; i++) { s = s + s; } return s", /at most 10000000 characters/],
    ['List l = []; l.add(l); return l', /nested deeper/],
  ])('bounds memory: %s is a 400, not an exhausted heap', (source, reason) => {
    const err = failure(() => run(source));
    expect(err.status).toBe(400);
    expect(err.fields.caused_by.reason).toMatch(reason);
  });

  it('keeps __proto__ an ordinary map key', () => {
    expect(run("Map m = [:]; m.put('__proto__', 2); m['__proto__'] += 1; return m")).toEqual(JSON.parse('{"__proto__":3}'));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reports compile errors with the script, a caret stack and the position', () => {
    const err = failure(() => compileInline({ source: 'int x = ;' }));
    expect(err.status).toBe(400);
    expect(err.type).toBe('script_exception');
    expect(err.message).toBe('compile error');
    expect(err.fields).toMatchObject({ lang: 'painless', script: 'int x = ;', position: { offset: 8 } });
    expect(err.fields.script_stack[1]).toMatch(/\^---- HERE$/);
  });

  it.each([
    ['x -> x + 1', /lambdas/],
    ['undefinedName + 1', /cannot resolve symbol \[undefinedName\]/],
    ['params.list[5]', /out of bounds/],
    ['1 / 0', /by zero/],
    ['params.missing.size()', /null/],
    ['"abc".frobnicate()', /dynamic method/],
    ['params = 1', /read-only/],
  ])('refuses %s with a 400 script_exception', (source, reason) => {
    const err = failure(() => run(source, { list: [1] }));
    expect(err.status).toBe(400);
    expect(err.type).toBe('script_exception');
    expect(err.fields.caused_by.reason).toMatch(reason);
  });

  it('refuses a script past script.max_size_in_bytes and a lang it does not run', () => {
    expect(failure(() => compileInline({ source: `1${' + 1'.repeat(20_000)}` })).message).toMatch(/max allowed inline script size/);
    expect(failure(() => compileInline({ source: '1', lang: 'expression' })).message).toBe('script_lang not supported [expression]');
  });

  it('does not overflow the stack on deeply nested input', () => {
    const err = failure(() => compileInline({ source: `${'('.repeat(30_000)}1${')'.repeat(30_000)}` }));
    expect(err.status).toBe(400);
  });

  it('answers random token soup with a value or a 400, never another error', () => {
    const pieces = ['int', 'def', 'x', 'params', '.', 'a', '[', ']', '(', ')', '{', '}', ';', '=', '+=', '+', '-', '/', '%', '?', ':', '?:', '?.',
      '1', '2.5', "'s'", 'true', 'null', 'if', 'else', 'for', 'while', 'return', 'new', 'ArrayList', 'Math', 'max', ',', '==', '!', '&&', '++', 'doc', 'ctx', '->'];
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 500; i++) {
      const source = Array.from({ length: 1 + Math.floor(next() * 12) }, () => pieces[Math.floor(next() * pieces.length)]).join(' ');
      try {
        compileInline({ source, params: { a: [1, { b: 2 }] } }).run({ ctx: { _source: {} }, doc: {} });
      } catch (err) {
        expect([source, (err as AppError).status]).toEqual([source, 400]);
      }
    }
  });

  it('prints values as Java does', () => {
    expect(javaString(new PDouble(90))).toBe('90.0');
    expect(javaString(90)).toBe('90');
    expect(javaString([1, 'a'])).toBe('[1, a]');
    expect(javaString({ a: 1 })).toBe('{a=1}');
  });
});
