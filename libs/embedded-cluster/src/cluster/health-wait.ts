import { AppError } from '@ferry/core';
import { parseTimeValue } from '../indices/index-meta';

const ORDER = ['green', 'yellow', 'red'];
const POLL_MS = 50;

/** The parts of a health answer the `wait_for_*` conditions look at. */
export interface HealthFigures {
  status: string;
  number_of_nodes: number;
  active_shards: number;
  unassigned_shards: number;
}

/** A `wait_for_nodes` expression (`N`, `>=N`, `<=N`, `>N`, `<N`, `ge(N)`, `le(N)`, `gt(N)`, `lt(N)`) as a test. */
function nodesTest(expr: string): (n: number) => boolean {
  const m = /^(>=|<=|>|<|ge\(|le\(|gt\(|lt\()?\s*(\d+)\)?$/.exec(expr.trim());
  if (!m) throw new AppError(400, `failed to parse wait_for_nodes [${expr}]`, { type: 'illegal_argument_exception' });
  const want = Number(m[2]);
  const op = (m[1] ?? '').replace('(', '');
  const tests: Record<string, (n: number) => boolean> = {
    '': (n) => n === want, '>=': (n) => n >= want, ge: (n) => n >= want, '<=': (n) => n <= want, le: (n) => n <= want,
    '>': (n) => n > want, gt: (n) => n > want, '<': (n) => n < want, lt: (n) => n < want,
  };
  return tests[op];
}

/** Builds the test that the `wait_for_*` parameters describe, or undefined when none is given. */
export function healthCondition(q: URLSearchParams): ((h: HealthFigures) => boolean) | undefined {
  const tests: ((h: HealthFigures) => boolean)[] = [];
  const status = q.get('wait_for_status');
  if (status) {
    if (!ORDER.includes(status)) throw new AppError(400, `unknown cluster health status [${status}]`, { type: 'illegal_argument_exception' });
    tests.push((h) => ORDER.indexOf(h.status) <= ORDER.indexOf(status));
  }
  const nodes = q.get('wait_for_nodes');
  if (nodes) {
    const t = nodesTest(nodes);
    tests.push((h) => t(h.number_of_nodes));
  }
  const active = q.get('wait_for_active_shards');
  if (active && active !== '0') {
    tests.push(active === 'all' ? (h) => h.unassigned_shards === 0 : (h) => h.active_shards >= Number(active));
  }
  return tests.length ? (h) => tests.every((t) => t(h)) : undefined;
}

/**
 * Re-reads health until the condition holds or `timeout` (default 30s, as OpenSearch) passes. Health on this
 * node changes when indices are created, deleted or their replica count is set, so waiting can succeed.
 */
export async function waitForHealth<T extends HealthFigures>(read: () => T, met: (h: T) => boolean, timeout: string | null): Promise<{ health: T; timedOut: boolean }> {
  const deadline = Date.now() + (timeout ? parseTimeValue(timeout, 'timeout') : 30_000);
  let health = read();
  while (!met(health)) {
    if (Date.now() >= deadline) return { health, timedOut: true };
    await new Promise((r) => setTimeout(r, Math.min(POLL_MS, Math.max(1, deadline - Date.now()))));
    health = read();
  }
  return { health, timedOut: false };
}
