import fc from 'fast-check';
import type { FuzzRequest } from './client';
import type { FuzzFixtures } from './harness';
import { bodyMutationArb, mutateJson, mutateText, type BodyMutation } from './body-mutations';
import type { Operation } from './operations';
import { paramArb, queryExtraArb } from './param-values';
import { bulkBody, lineProtocol, SAMPLES } from './samples';
import { schemaArb } from './schema-arb';
import type { FuzzSecrets } from './secrets';

/** Who calls: a role's token, or no or a wrong credential. */
export type Caller = 'viewer' | 'operator' | 'admin' | 'none' | 'bad';

/** A generated request with what it was made from, for the oracle and the failure report. */
export interface FuzzCase {
  op: Operation;
  caller: Caller;
  mutations: string[];
  request: FuzzRequest;
}

const ODD_METHODS = ['PATCH', 'OPTIONS', 'PROPFIND', 'PURGE', 'get', 'FOO', 'TRACE', 'LINK'];
const CONTENT_TYPES = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', 'a/b/c', 'application/x-ndjson', 'application/yaml', 'application/cbor', ''];
const HEADER_EXTRAS: Record<string, string>[] = [
  { 'x-ferry-replication-writer': 'true' },
  { 'x-ferry-internal': '1', 'x-ferry-principal': 'fz-admin' },
  { 'x-ferry-role': 'admin' },
  { 'x-forwarded-for': '10.0.0.1', 'x-request-id': 'fz\u0000id' },
  { 'x-fz': 'a\u0001b' },
  { 'x-fz': 'é\u00ff' },
  { 'x-opaque-id': 'x'.repeat(8000) },
  { 'content-encoding': 'gzip' },
  { accept: 'application/yaml' },
  { 'transfer-encoding': 'identity' },
];

function validBody(op: Operation, fx: FuzzFixtures): fc.Arbitrary<unknown> {
  const b = op.body;
  if (b.kind === 'schema') return schemaArb(b.schema, { strings: fc.constantFrom(fx.index, fx.follower, 'leader', 'fz-leader', fx.orgID, fx.bucketID, 'x') });
  if (b.kind === 'sample') return SAMPLES[b.sample];
  if (b.kind === 'ndjson-bulk') return bulkBody;
  if (b.kind === 'line-protocol') return lineProtocol;
  return fc.constant(undefined);
}

function contentTypeOf(op: Operation): string | undefined {
  const b = op.body;
  if (b.kind === 'schema') return b.contentType;
  if (b.kind === 'line-protocol') return 'text/plain';
  if (b.kind === 'ndjson-bulk') return 'application/x-ndjson';
  return b.kind === 'sample' ? 'application/json' : undefined;
}

function encodeBody(op: Operation, valid: unknown, m: BodyMutation): Buffer | undefined {
  if (op.body.kind === 'none') return m.k === 'valid' ? undefined : mutateJson({ x: 1 }, m);
  return typeof valid === 'string' ? mutateText(valid, m) : mutateJson(valid, m);
}

function authHeader(caller: Caller, s: FuzzSecrets, scheme: number): Record<string, string> {
  const token = caller === 'viewer' ? s.viewerToken : caller === 'operator' ? s.operatorToken : caller === 'admin' ? s.adminToken : 'fz-wrong-token-0123456789';
  if (caller === 'none') return {};
  const forms = [`Bearer ${token}`, `Token ${token}`, `Basic ${Buffer.from(`fz:${token}`).toString('base64')}`];
  return { authorization: forms[scheme % forms.length] };
}

/** `arb` about once in `n` draws, null otherwise (shrinks to null: no mutation). */
function sometimes<T>(arb: fc.Arbitrary<T>, n: number): fc.Arbitrary<T | null> {
  return fc.oneof({ withCrossShrink: true }, { weight: n - 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: arb });
}

function queryValue(name: string, fx: FuzzFixtures): string[] {
  const byName: Record<string, string[]> = { org: ['fz-org'], orgID: [fx.orgID], bucket: ['fz-bucket'], db: ['fz-bucket'], rp: ['autogen'], name: ['fz-remote', 'fz-repl'], remoteID: [fx.remoteID], localBucketID: [fx.bucketID] };
  return byName[name] ?? ['true', '1', 'x', fx.index];
}

function queryArb(op: Operation, fx: FuzzFixtures, s: FuzzSecrets): fc.Arbitrary<{ valid: string[]; extra: string | null }> {
  const valid = op.query.map((q) => fc.option(fc.constantFrom(...(q.values?.length ? q.values : queryValue(q.name, fx))).map((v) => `${q.name}=${encodeURIComponent(v)}`), { freq: q.required ? 10 : 2 }));
  return fc.record({ valid: fc.tuple(...valid).map((xs) => xs.filter((x): x is string => x !== null)), extra: sometimes(queryExtraArb([s.viewerToken]), 4) });
}

type PathMutation = 'none' | 'trailing' | 'double' | 'leading' | 'extra';

function applyPath(path: string, m: PathMutation): string {
  if (m === 'trailing') return `${path}/`;
  if (m === 'leading') return `/${path}`;
  if (m === 'extra') return `${path}/_fz`;
  if (m === 'double') return path.replace(/^(\/[^/]*)\//, '$1//');
  return path;
}

// Values go in raw (so `%FF`, NUL or a lone surrogate reach the gateway as such); only what would end the segment is encoded.
function fillTemplate(template: string, params: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_m, name: string) => params[name].replace(name === 'path' ? /[?#]/g : /[/?#]/g, (c) => encodeURIComponent(c)));
}

/** Generated requests for a list of operations, valid and mutated, from every kind of caller. */
export function fuzzCaseArb(ops: readonly Operation[], fx: FuzzFixtures, s: FuzzSecrets): fc.Arbitrary<FuzzCase> {
  return fc.constantFrom(...ops).chain((op) => {
    const names = [...op.template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    return fc
      .record({
        params: fc.record(Object.fromEntries(names.map((n) => [n, paramArb(n, fx, op.read)]))),
        query: queryArb(op, fx, s),
        pathMut: fc.constantFrom<PathMutation>('none', 'none', 'none', 'none', 'none', 'none', 'trailing', 'double', 'leading', 'extra'),
        method: sometimes(fc.constantFrom(...ODD_METHODS), 12),
        body: fc.tuple(validBody(op, fx), bodyMutationArb),
        contentType: sometimes(fc.constantFrom(...CONTENT_TYPES), 8),
        headers: sometimes(fc.constantFrom(...HEADER_EXTRAS), 6),
        caller: fc.constantFrom<Caller>('viewer', 'viewer', 'viewer', 'operator', 'operator', 'admin', 'admin', 'none', 'bad'),
        scheme: fc.nat({ max: 2 }),
      })
      .map((r) => {
        const mutations: string[] = [];
        if (r.pathMut !== 'none') mutations.push(`path:${r.pathMut}`);
        if (r.method) mutations.push(`method:${r.method}`);
        if (r.body[1].k !== 'valid') mutations.push(`body:${r.body[1].k}`);
        if (r.contentType !== null) mutations.push('content-type');
        if (r.headers) mutations.push(`headers:${Object.keys(r.headers).join(',')}`);
        if (r.query.extra) mutations.push(`query:${r.query.extra.slice(0, 40)}`);
        const qs = [...r.query.valid, ...(r.query.extra ? [r.query.extra] : [])].join('&');
        const path = applyPath(fillTemplate(op.template, r.params), r.pathMut) + (qs ? `?${qs}` : '');
        const body = encodeBody(op, r.body[0], r.body[1]);
        const ct = r.contentType ?? contentTypeOf(op);
        const headers = { ...authHeader(r.caller, s, r.scheme), ...(ct && body ? { 'content-type': ct } : {}), ...(r.headers ?? {}) };
        return { op, caller: r.caller, mutations, request: { method: r.method ?? op.method, path, headers, body } };
      });
  });
}
