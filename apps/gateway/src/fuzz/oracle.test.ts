import type { FuzzResponse } from './client';
import { OPENSEARCH_OPERATIONS } from './opensearch-ops';
import type { Operation } from './operations';
import { judge, type JudgeContext } from './oracle';
import type { FuzzCase } from './request-arb';

const op = (method: string, template: string): Operation =>
  OPENSEARCH_OPERATIONS.find((o) => o.method === method && o.template === template) ??
  { family: template.startsWith('/_plugins/_replication') ? 'ccr' : 'passthrough', method, template, query: [], body: { kind: 'none' }, read: false };
const ctx = (over: Partial<JudgeContext> = {}): JudgeContext => ({ needles: [{ name: 'hqPassword', needle: 'fzhqpwSECRET' }], viewerToken: 'fzviewerTOKEN', follower: 'fz-follower', logLines: [], rejections: [], ...over });
const answer = (status: number, body: unknown, headers: Record<string, string> = {}): FuzzResponse => ({
  status,
  headers: { 'x-request-id': 'r', 'content-type': 'application/json', ...headers },
  body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
});
const fuzzCase = (method: string, template: string, path: string, caller: FuzzCase['caller'] = 'operator', sent = method): FuzzCase => ({ op: op(method, template), caller, mutations: [], request: { method: sent, path } });
const osError = (status: number, reason = 'r') => ({ error: { type: 't', reason }, status });

describe('the fuzz oracle', () => {
  it.each([
    ['a 500', fuzzCase('GET', '/{index}', '/x'), answer(500, osError(500)), ctx(), '5xx'],
    ['an HTML 404', fuzzCase('GET', '/{index}', '//x'), answer(404, '<!DOCTYPE html><pre>Cannot GET //x</pre>', { 'content-type': 'text/html' }), ctx(), 'express-html'],
    ['a 400 in the wrong envelope', fuzzCase('GET', '/{index}', '/x'), answer(400, { code: 'invalid', message: 'm' }), ctx(), 'envelope'],
    ["Node's bare 400", fuzzCase('GET', '/{index}', '/x'), { status: 400, headers: {}, body: Buffer.alloc(0) }, ctx(), 'http-parser'],
    ['a secret in the answer', fuzzCase('GET', '/{index}', '/x'), answer(200, { p: 'fzhqpwSECRET' }), ctx(), 'secret-answer'],
    ['a secret in a log line', fuzzCase('GET', '/{index}', '/x'), answer(200, {}), ctx({ logLines: ['{"msg":"connect fzhqpwSECRET"}'] }), 'secret-log'],
    ['a viewer write', fuzzCase('POST', '/{index}/_doc/{id}', '/x/_doc/1?routing=/_search', 'viewer'), answer(201, {}), ctx(), 'viewer-write'],
    ['an anonymous 200', fuzzCase('GET', '/{index}', '/x', 'none'), answer(200, {}), ctx(), 'anonymous-2xx'],
    ['a write to the follower', fuzzCase('POST', '/{index}/_update_by_query', '/fz-follower/_update_by_query'), answer(200, {}), ctx(), 'follower-write'],
    ['another 500 on a replication route', fuzzCase('POST', '/_plugins/_replication/{index}/_pause', '/_plugins/_replication/f/_pause'), answer(500, osError(500, 'internal server error')), ctx(), '5xx'],
    ['an OpenSearch envelope on an InfluxDB route', fuzzCase('GET', '/api/v2/orgs', '/api/v2/orgs'), answer(400, osError(400, 'something else')), ctx(), 'envelope'],
    ['a bare {} 404 outside the legacy templates', fuzzCase('GET', '/{index}', '/x'), answer(404, {}), ctx(), 'envelope'],
    ['a bulk item written to the follower', fuzzCase('POST', '/{index}/_bulk', '/fz-follower/_bulk'), answer(200, { errors: false, items: [{ index: { _index: 'fz-follower', status: 201 } }] }), ctx(), 'follower-write'],
    ['a body on HEAD', fuzzCase('HEAD', '/{index}', '/x'), answer(200, 'x'), ctx(), 'head-body'],
    ['an unhandled rejection', fuzzCase('GET', '/{index}', '/x'), answer(200, {}), ctx({ rejections: ['boom'] }), 'unhandled-rejection'],
  ])('flags %s', (_name, c, res, context, kind) => {
    expect(judge(c, res, context).map((v) => v.kind)).toContain(kind);
  });

  it.each([
    ['an OpenSearch error', fuzzCase('GET', '/{index}', '/x'), answer(404, osError(404))],
    ['a missing document', fuzzCase('GET', '/{index}/_doc/{id}', '/x/_doc/1'), answer(404, { _index: 'x', found: false })],
    ['a viewer search', fuzzCase('POST', '/{index}/_search', '/x/_search', 'viewer'), answer(200, { hits: {} })],
    ['an upstream 502', fuzzCase('GET', '/{index}', '/x'), answer(502, osError(502))],
    ['a lower-case read of a follower document (sent as GET)', fuzzCase('DELETE', '/{index}/_doc/{id}', '/fz-follower/_doc/1', 'viewer', 'get'), answer(200, { found: true })],
    ["the replication plugin's own 500 for a pause during bootstrap", fuzzCase('POST', '/_plugins/_replication/{index}/_pause', '/_plugins/_replication/f/_pause'), answer(500, osError(500, 'Index is in restore phase currently for index: f. You can pause after restore completes.'))],
    ['a parser refusal in the edge default envelope', fuzzCase('GET', '/api/v2/orgs', '/api/v2/orgs'), answer(400, osError(400, 'the HTTP request is malformed (HPE_INVALID_HEADER_TOKEN)'))],
    ['a missing legacy template', fuzzCase('GET', '/_template/{name}', '/_template/x'), answer(404, {})],
    ['a bulk sent to the follower path that writes another index', fuzzCase('POST', '/{index}/_bulk', '/fz-follower/_bulk'), answer(200, { errors: false, items: [{ delete: { _index: 'fz-logs', status: 200 } }] })],
    ['a bulk whose follower items were refused', fuzzCase('POST', '/{index}/_bulk', '/fz-follower/_bulk'), answer(200, { errors: true, items: [{ index: { _index: 'fz-follower', status: 403 } }] })],
    ["the caller's own token quoted back outside InfluxDB", fuzzCase('GET', '/{index}', '/x?p=fzviewerTOKEN'), answer(400, { error: { type: 't', reason: 'no handler for [/x?p=fzviewerTOKEN]' }, status: 400 })],
  ])('accepts %s', (_name, c, res) => {
    expect(judge(c, res, ctx({ needles: [{ name: 'viewerToken', needle: 'fzviewerTOKEN' }] }))).toEqual([]);
  });
});
