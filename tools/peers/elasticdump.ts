import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

// elasticdump is how many users copy an index; the tests run it exactly as a user runs it: its bin from
// node_modules/.bin, its defaults, credentials (if any) in the URL.
const BIN = resolve(__dirname, '../../node_modules/.bin/elasticdump');

/** The document numbered `i` of the copied index (`_id` `id-<i>`): a few types, an array and an object. */
export function docOf(i: number): Record<string, unknown> {
  return { n: i, name: `document ${i}`, tags: [`t${i % 7}`, `u${i % 11}`], nested: { even: i % 2 === 0, at: `2024-01-${String((i % 28) + 1).padStart(2, '0')}` } };
}

/** `_bulk` bodies (NDJSON, `batch` documents each) that index documents 0..count-1 into `index`. */
export function* bulkBodies(options: { index: string; count: number; batch?: number }): Generator<string> {
  const batch = options.batch ?? 10_000;
  for (let start = 0; start < options.count; start += batch) {
    const lines: string[] = [];
    for (let i = start; i < Math.min(start + batch, options.count); i++) lines.push(JSON.stringify({ index: { _index: options.index, _id: `id-${i}` } }), JSON.stringify(docOf(i)));
    yield `${lines.join('\n')}\n`;
  }
}

/** Runs elasticdump's bin with `args`; resolves with its exit code and its stdout and stderr together. */
export function elasticdump(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((ok) => {
    // The bin's shebang is `/usr/bin/env node`: the node running the tests comes first on PATH.
    const env = { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}` };
    const child = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => ok({ code, out }));
  });
}

/** A hit as elasticdump writes it to a file, one per line. */
export interface DumpedHit {
  _id: string;
  _source: unknown;
}

/** The hits of an elasticdump output file. */
export function readDump(file: string): DumpedHit[] {
  return readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as DumpedHit);
}

/** Whether two JSON values are equal whatever their key order (the plain comparison first: it is the common case, and cheap). */
function sameJson(a: unknown, b: unknown): boolean {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(canonical) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])])) : v;
  return JSON.stringify(a) === JSON.stringify(b) || JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/**
 * What is wrong with `hits` as a copy of documents 0..count-1: ids missing, ids seen twice, ids not
 * expected, `_source`s that differ. Empty when every document is there exactly once, unchanged.
 * At most `limit` (20) of each kind are listed, with the totals.
 */
export function dumpProblems(hits: DumpedHit[], count: number, limit = 20): Record<string, unknown> {
  const seen = new Set<string>();
  const twice: string[] = [];
  const unexpected: string[] = [];
  const changed: string[] = [];
  for (const h of hits) {
    const m = /^id-(\d+)$/.exec(h._id);
    const i = m ? Number(m[1]) : -1;
    if (i < 0 || i >= count) unexpected.push(h._id);
    else if (!sameJson(h._source, docOf(i))) changed.push(h._id);
    if (seen.has(h._id)) twice.push(h._id);
    seen.add(h._id);
  }
  const missing: string[] = [];
  for (let i = 0; i < count; i++) if (!seen.has(`id-${i}`)) missing.push(`id-${i}`);
  const problems: Record<string, unknown> = {};
  for (const [name, ids] of Object.entries({ missing, twice, unexpected, changed })) {
    if (ids.length) problems[name] = { total: ids.length, ids: ids.slice(0, limit) };
  }
  return problems;
}

