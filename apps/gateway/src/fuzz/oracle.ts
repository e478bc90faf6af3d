import type { FuzzResponse } from './client';
import { envelopeFor, type Envelope } from './operations';
import type { FuzzCase } from './request-arb';
import { findLeaks } from './secrets';

/** What a response did wrong. */
export type ViolationKind = 'no-answer' | 'http-parser' | 'express-html' | '5xx' | 'envelope' | 'content-type' | 'head-body' | 'secret-answer' | 'secret-log' | 'viewer-write' | 'anonymous-2xx' | 'follower-write' | 'unhandled-rejection';

/** One broken promise, with enough to tell classes apart. */
export interface Violation {
  kind: ViolationKind;
  detail: string;
}

/** What the oracle needs besides the request and its answer. */
export interface JudgeContext {
  needles: readonly { name: string; needle: string }[];
  viewerToken: string;
  /** The CCR follower index, which only replication may write. */
  follower: string;
  logLines: readonly string[];
  rejections: readonly string[];
}

const UPSTREAM = [502, 503, 504];
const PUBLIC = /^\/+(_gateway\/+health|health|ping)\/*(\?|$)/;
const READ_METHODS = ['GET', 'HEAD', 'OPTIONS'];

type Body = Record<string, unknown>;
const isStr = (v: unknown) => typeof v === 'string';
const obj = (v: unknown): Body => (v && typeof v === 'object' ? (v as Body) : {});

// OpenSearch answers a missing document, an unknown scroll, a timed-out health wait or by-query conflicts with the API's own body.
function openSearchOk(b: Body, status: number): boolean {
  const e = obj(b.error);
  if (isStr(e.type) && isStr(e.reason) && b.status === status) return true;
  // OpenSearch's own short form, e.g. `{"error":"alias [x] missing","status":404}`.
  if (isStr(b.error) && b.status === status) return true;
  const missing = b.found === false || b.result === 'not_found' || typeof b.num_freed === 'number';
  // A by-query answer with failures takes the status of its worst failure, body and all.
  const byQuery = typeof b.batches === 'number' && typeof b.version_conflicts === 'number';
  return (status === 404 && missing) || (status === 408 && b.timed_out === true) || byQuery;
}

const influxOk = (b: Body) => isStr(b.code) && isStr(b.message);
const hqOk = (b: Body, status: number) => b.status_code === status && isStr(b.message);

const ENVELOPES: Record<Envelope, (b: Body, status: number) => boolean> = {
  opensearch: openSearchOk,
  influx: influxOk,
  // 1.x answers `{"error": ".."}`; the gateway's own 401/403 in front of it use the v2 shape.
  'influx-v1': (b) => isStr(b.error) || influxOk(b),
  hq: hqOk,
  // The proxy relays a cluster's own error as it came.
  'hq-proxy': (b, status) => hqOk(b, status) || openSearchOk(b, status),
  gateway: (b) => isStr(obj(b.error).code) && isStr(obj(b.error).message),
};

function envelopeViolations(c: FuzzCase, res: FuzzResponse): Violation[] {
  const format = envelopeFor(c.request.path);
  if (c.request.method.toUpperCase() === 'HEAD') return [];
  const type = String(res.headers['content-type'] ?? '');
  if (res.body.subarray(0, 15).toString('latin1') === '<!DOCTYPE html>') return [{ kind: 'express-html', detail: `${res.status} ${res.body.toString('utf8').replace(/\s+/g, ' ').match(/<pre>(.*?)<\/pre>/)?.[1] ?? ''}` }];
  if (!/^application\/json\b/.test(type)) return [{ kind: 'content-type', detail: `${res.status} ${type || 'no content-type'}: ${res.body.toString('utf8').slice(0, 80)}` }];
  let body: Body;
  try {
    body = obj(JSON.parse(res.body.toString('utf8')));
  } catch {
    return [{ kind: 'envelope', detail: `${res.status} not JSON: ${res.body.toString('utf8').slice(0, 80)}` }];
  }
  if (ENVELOPES[format](body, res.status) || parserRefusal(body, res.status)) return [];
  // OpenSearch answers a missing legacy template with a bare `{}` and 404.
  if (res.status === 404 && /^\/_template(\/|$)/.test(c.request.path) && Object.keys(body).length === 0) return [];
  return [{ kind: 'envelope', detail: `${res.status} not a ${format} error: ${res.body.toString('utf8').slice(0, 120)}` }];
}

/**
 * The answer to bytes Node's HTTP parser refused (core's `answerClientError`). It is in the family's envelope
 * when the chunk the parser failed on holds the request line; when the fault lies in a later chunk (a long
 * URL, then a bad header), no path was read and the edge's default, OpenSearch's, is the only one possible.
 */
function parserRefusal(body: Body, status: number): boolean {
  const reason = obj(body.error).reason;
  return (status === 400 || status === 431) && openSearchOk(body, status) && isStr(reason) && /^the (HTTP request is malformed|request head)/.test(reason);
}

function effectiveCaller(c: FuzzCase, viewerToken: string): string {
  return c.caller === 'none' && c.request.path.includes(`p=${viewerToken}`) ? 'viewer' : c.caller;
}

function authViolations(c: FuzzCase, res: FuzzResponse, viewerToken: string): Violation[] {
  if (res.status < 200 || res.status >= 300) return [];
  const caller = effectiveCaller(c, viewerToken);
  const method = c.request.method.toUpperCase();
  const readsHere = READ_METHODS.includes(method) || (c.request.method === c.op.method && c.op.read);
  if (caller === 'viewer' && !readsHere) return [{ kind: 'viewer-write', detail: `${res.status} for a viewer` }];
  if ((caller === 'none' || caller === 'bad') && !PUBLIC.test(c.request.path)) return [{ kind: 'anonymous-2xx', detail: `${res.status} without a valid token` }];
  return [];
}

// An OpenSearch error may quote the caller's own URL back; a token in it counts only where `p=` is a credential (InfluxDB 1.x).
function answerNeedles(c: FuzzCase, ctx: JudgeContext): JudgeContext['needles'] {
  if (envelopeFor(c.request.path) === 'influx') return ctx.needles;
  return ctx.needles.filter((n) => !c.request.path.includes(n.needle));
}

const DATA_WRITE = /\/(_doc|_create|_update|_bulk|_delete_by_query|_update_by_query)(\/|$)/;

// A follower index stays read-only for every caller: only the replication writes its documents.
// Node's client upper-cases a method it is given (`get` goes out as GET), so methods compare upper-cased.
function followerViolations(c: FuzzCase, res: FuzzResponse, follower: string): Violation[] {
  if (res.status < 200 || res.status >= 300 || c.op.family !== 'passthrough' || c.op.read) return [];
  const path = c.request.path.split('?')[0];
  if (!path.startsWith(`/${follower}/`) || !DATA_WRITE.test(path) || ['GET', 'HEAD'].includes(c.request.method.toUpperCase())) return [];
  // A bulk names its index per action: it wrote the follower only if an item on the follower succeeded.
  if (/\/_bulk(\/|$)/.test(path) && !bulkWroteIndex(res.body, follower)) return [];
  return [{ kind: 'follower-write', detail: `${res.status} on the follower index ${follower}` }];
}

/** True when a `_bulk` answer holds an item on `index` with a 2xx status (or cannot be read: judged a write). */
function bulkWroteIndex(body: Buffer, index: string): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return true;
  }
  const items = (parsed as { items?: unknown }).items;
  if (!Array.isArray(items)) return true;
  return items.some((item) =>
    Object.values((item ?? {}) as Record<string, { _index?: unknown; status?: unknown }>).some((r) => r?._index === index && typeof r.status === 'number' && r.status < 300),
  );
}

// The OpenSearch replication plugin answers these states with a 500 of its own (../shared/reference/ccr.md:
// pause during bootstrap, pause or update when FAILED/STOPPED, an autofollow rule posted again); Ferry answers
// alike for wire compatibility. Only these exact reasons, on the CCR family, are not counted as a 5xx.
const REPLICATION_500 = /^(Index is in restore phase currently for index: |Cannot pause when in |Cannot update settings when in |Exisiting autofollow replication rule cannot be)/;

function replicationPluginsOwn500(c: FuzzCase, res: FuzzResponse): boolean {
  if (c.op.family !== 'ccr' || res.status !== 500) return false;
  let reason: unknown;
  try {
    reason = obj(obj(JSON.parse(res.body.toString('utf8'))).error).reason;
  } catch {
    return false;
  }
  return isStr(reason) && REPLICATION_500.test(reason as string);
}

function leakViolations(c: FuzzCase, res: FuzzResponse, ctx: JudgeContext): Violation[] {
  const out: Violation[] = [];
  const answer = findLeaks(`${JSON.stringify(res.headers)}\n${res.body.toString('utf8')}`, answerNeedles(c, ctx));
  if (answer.length) out.push({ kind: 'secret-answer', detail: answer.join(', ') });
  for (const line of ctx.logLines) {
    const leaked = findLeaks(line, ctx.needles);
    if (leaked.length) out.push({ kind: 'secret-log', detail: `${leaked.join(', ')} in ${line.slice(0, 300)}` });
  }
  return out;
}

/** Every promise the answer to `c` breaks. */
export function judge(c: FuzzCase, res: FuzzResponse, ctx: JudgeContext): Violation[] {
  const out: Violation[] = ctx.rejections.map((r) => ({ kind: 'unhandled-rejection' as const, detail: r }));
  if (res.error) return [...out, { kind: 'no-answer', detail: res.error }];
  // Every answer the gateway writes carries x-request-id; one without it came from Node's HTTP parser.
  if (!res.headers['x-request-id']) return [...out, { kind: 'http-parser', detail: `${res.status} ${res.headers['content-type'] ?? 'no content-type'}: ${res.body.toString('utf8').slice(0, 80)}` }, ...leakViolations(c, res, ctx)];
  if (res.status >= 500 && !UPSTREAM.includes(res.status) && !replicationPluginsOwn500(c, res)) out.push({ kind: '5xx', detail: `${res.status}: ${res.body.toString('utf8').slice(0, 160)}` });
  if (res.status >= 400) out.push(...envelopeViolations(c, res));
  if (c.request.method.toUpperCase() === 'HEAD' && res.body.length > 0) out.push({ kind: 'head-body', detail: `${res.body.length} bytes` });
  out.push(...authViolations(c, res, ctx.viewerToken), ...followerViolations(c, res, ctx.follower), ...leakViolations(c, res, ctx));
  return out;
}
