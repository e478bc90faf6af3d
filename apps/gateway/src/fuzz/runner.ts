import fc from 'fast-check';
import type { FuzzTarget } from './harness';
import { knownCrash, knownFailure } from './known-failures';
import type { Operation } from './operations';
import { judge, type Violation } from './oracle';
import { fuzzCaseArb, type FuzzCase } from './request-arb';
import { leakNeedles } from './secrets';

/** One failure class with its (shrunk) reproducer. */
export interface Finding {
  key: string;
  violation: Violation;
  example: FuzzCase;
  known?: string;
}

/** Options of {@link fuzzFamily}. */
export interface FuzzOptions {
  /** Generated requests (shrinking comes on top). */
  runs: number;
  /** Unhandled rejections seen since the last request; the runner empties it. */
  rejections: string[];
  /** Tolerate the classes in KNOWN_FAILURES (false proves they still fail). */
  tolerateKnown: boolean;
  /** fast-check's seed: fixed in `npm test` so CI replays the same requests; random in `npm run fuzz`. */
  seed?: number;
}

/** What fuzzing one family did. */
export interface FamilyReport {
  requests: number;
  runs: number;
  skipped: number;
  /** Lines the gateway logged while this family ran (all checked for secrets). */
  logLines: number;
  findings: Finding[];
  knownSeen: Map<string, number>;
  ms: number;
}

const MAX_SHRUNK_CLASSES = 25;

// Parser answers and rejections have one cause whatever the route; the rest are told apart by operation.
function classKey(c: FuzzCase, v: Violation): string {
  if (['http-parser', 'express-html', 'unhandled-rejection'].includes(v.kind)) return `${c.op.family} ${v.kind}`;
  const what = v.kind.startsWith('secret') ? ` (${v.detail.split(' ')[0]})` : '';
  return `${c.op.family} ${v.kind}${what}: ${c.op.method} ${c.op.template}`;
}

/** Sends one case and judges its answer. */
async function probe(target: FuzzTarget, c: FuzzCase, rejections: string[], needles: ReturnType<typeof leakNeedles>): Promise<Violation[]> {
  target.log.drain();
  const res = await target.client.send(c.request);
  const ctx = { needles, viewerToken: target.secrets.viewerToken, follower: target.fixtures.follower, logLines: target.log.drain(), rejections: rejections.splice(0) };
  const cause = loggedError(ctx.logLines);
  return judge(c, res, ctx).map((v) => (v.kind === '5xx' && cause ? { ...v, detail: `${v.detail}\n  logged: ${cause}` } : v));
}

// The first error the gateway logged while serving the request: where a 500 came from.
function loggedError(lines: readonly string[]): string | undefined {
  for (const line of lines) {
    const entry = JSON.parse(line) as { level?: number; err?: { stack?: string } };
    if ((entry.level ?? 0) >= 50 && entry.err?.stack) return entry.err.stack.split('\n').slice(0, 3).map((l) => l.trim()).join(' | ');
  }
  return undefined;
}

/**
 * Fuzzes one family for `runs` generated requests. Every new failure class stops fast-check, which shrinks
 * the request to a small reproducer; the run then goes on with the remaining budget looking for other classes.
 */
export async function fuzzFamily(target: FuzzTarget, ops: readonly Operation[], options: FuzzOptions): Promise<FamilyReport> {
  const { runs, rejections } = options;
  const started = Date.now();
  const needles = leakNeedles(target.secrets);
  const report: FamilyReport = { requests: 0, runs: 0, skipped: 0, logLines: 0, findings: [], knownSeen: new Map(), ms: 0 };
  const seen = new Set<string>();
  const arb = fuzzCaseArb(ops, target.fixtures, target.secrets);
  let last: { c: FuzzCase; v: Violation } | undefined;
  const property = fc.asyncProperty(arb, async (c) => {
    // A held-back request does not count as a run: fast-check draws another one instead.
    if (knownCrash(c)) report.skipped++;
    fc.pre(!knownCrash(c));
    report.requests++;
    const fresh = (await probe(target, c, rejections, needles)).filter((v) => {
      const known = options.tolerateKnown ? knownFailure(c, v) : undefined;
      if (known) report.knownSeen.set(known.bug, (report.knownSeen.get(known.bug) ?? 0) + 1);
      return !known && !seen.has(classKey(c, v));
    });
    if (fresh.length) last = { c, v: fresh[0] };
    return fresh.length === 0;
  });
  for (let round = 0; report.runs < runs; round++) {
    // Each round after a finding draws on: a fixed seed shifted by the round, so it never replays the last one.
    const seed = options.seed === undefined ? undefined : options.seed + round;
    const result = await fc.check(property, { numRuns: runs - report.runs, endOnFailure: seen.size >= MAX_SHRUNK_CLASSES, seed });
    report.runs += result.numRuns;
    if (!result.failed) break;
    if (!last) throw new Error(`the fuzz property itself failed: ${String(result.errorInstance ?? 'too many held-back requests')}`);
    seen.add(classKey(last.c, last.v));
    report.findings.push({ key: classKey(last.c, last.v), violation: last.v, example: last.c });
    last = undefined;
  }
  report.ms = Date.now() - started;
  report.logLines = target.log.total;
  return report;
}

/** A failure printed so it can be replayed with curl. */
export function describeFinding(f: Finding): string {
  const r = f.example.request;
  const body = r.body ? JSON.stringify(r.body.subarray(0, 300).toString('utf8')) + (r.body.length > 300 ? ` … (${r.body.length} bytes)` : '') : '(none)';
  return [
    `✗ ${f.key}`,
    `  ${f.violation.detail}`,
    `  request: ${JSON.stringify(r.method)} ${JSON.stringify(r.path.length > 300 ? `${r.path.slice(0, 300)}…(${r.path.length})` : r.path)} as ${f.example.caller}`,
    `  headers: ${JSON.stringify(shownHeaders(f.example)).slice(0, 400)}`,
    `  body: ${body}`,
    `  mutations: ${f.example.mutations.join(' ') || 'none'}`,
  ].join('\n');
}

// The tokens are random per run; the reproducer names the role instead.
function shownHeaders(c: FuzzCase): Record<string, string> {
  const h = { ...(c.request.headers ?? {}) };
  if (h.authorization) h.authorization = `${h.authorization.split(' ')[0]} <${c.caller} token>`;
  return h;
}
