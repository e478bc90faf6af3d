import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { startFerry, type Ferry } from '../compose';

const VIEWER = 'Bearer viewer-token-0123456789';
const OPERATOR = 'Bearer operator-token-0123456789';
const tokens = [
  { name: 'ann', token: 'viewer-token-0123456789', role: 'viewer' },
  { name: 'bob', token: 'operator-token-0123456789', role: 'operator' },
];

type Method = 'get' | 'post' | 'put' | 'delete' | 'head';
type Family = 'opensearch' | 'influx' | 'hq';

/** The 403 body of each family's envelope. */
const FORBIDDEN: Record<Family, unknown> = {
  opensearch: expect.objectContaining({ status: 403, error: expect.objectContaining({ type: 'security_exception' }) }),
  influx: { code: 'forbidden', message: expect.stringContaining('needs the operator role') },
  hq: expect.objectContaining({ status_code: 403 }),
};

describe('roles by route, with auth on, through every route family', () => {
  let ferry: Ferry;
  let dataDir: string;
  const call = (auth: string, method: Method, url: string, body?: unknown) => {
    const req = request(ferry.gateway.handler)[method](url).set('authorization', auth);
    if (typeof body === 'string') return req.set('content-type', 'application/x-ndjson').send(body);
    return body === undefined ? req : req.send(body as object);
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ferry-roles-'));
    ferry = await startFerry({ dataDir, auth: { tokens }, log: { level: 'silent' } }, { version: '0.0.0', listen: false });
    await call(OPERATOR, 'put', '/logs/_doc/1?refresh=true', { msg: 'kept' }).expect(201);
  });
  afterAll(async () => {
    await ferry.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each([
    ['post', '/logs/_doc/x?routing=/_search', { msg: 'forged' }],
    ['post', '/logs/_doc/_search', { msg: 'forged' }],
    ['post', '/logs/_delete_by_query?routing=/_count', { query: { match_all: {} } }],
    ['delete', '/logs/_doc/1?routing=/_pit', undefined],
    ['post', '/logs/_update/1?routing=/_search', { doc: { msg: 'forged' } }],
    ['post', '/_bulk?routing=/_search', '{"index":{"_index":"logs","_id":"b"}}\n{"msg":"forged"}\n'],
    ['post', '//logs/_doc/_search', { msg: 'forged' }],
    ['post', '/logs/_unknown_api', {}],
  ] as const)('refuses a viewer %s %s (403), and the documents stay', async (method, url, body) => {
    const res = await call(VIEWER, method, url, body);
    expect({ status: res.status, body: res.body }).toEqual({ status: 403, body: FORBIDDEN.opensearch });
    const docs = await call(VIEWER, 'post', '/logs/_search?refresh=true', { query: { match_all: {} } }).expect(200);
    expect(docs.body.hits.hits.map((h: { _id: string; _source: unknown }) => [h._id, h._source])).toEqual([['1', { msg: 'kept' }]]);
    // The same request is the operator's to make: the refusal is the role, not the route.
    expect((await call(OPERATOR, method, `${url}${url.includes('?') ? '&' : '?'}refresh=false`, body)).status).not.toBe(403);
    await call(OPERATOR, 'put', '/logs/_doc/1?refresh=true', { msg: 'kept' });
    await call(OPERATOR, 'post', '/logs/_delete_by_query?refresh=true', { query: { bool: { must_not: { ids: { values: ['1'] } } } } });
  });

  it.each([
    ['ccr start', 'put', '/_plugins/_replication/logs-f/_start', { leader_alias: 'x', leader_index: 'logs' }, 'opensearch'],
    ['ccr pause', 'post', '/_plugins/_replication/logs-f/_pause', {}, 'opensearch'],
    ['ccr resume', 'post', '/_plugins/_replication/logs-f/_resume', {}, 'opensearch'],
    ['ccr stop', 'post', '/_plugins/_replication/logs-f/_stop', {}, 'opensearch'],
    ['ccr update', 'put', '/_plugins/_replication/logs-f/_update', { settings: {} }, 'opensearch'],
    ['ccr autofollow create', 'post', '/_plugins/_replication/_autofollow', { leader_alias: 'x', name: 'r', pattern: 'l*' }, 'opensearch'],
    ['ccr autofollow delete', 'delete', '/_plugins/_replication/_autofollow', { leader_alias: 'x', name: 'r' }, 'opensearch'],
    ['ingestion pause', 'post', '/logs/ingestion/_pause', undefined, 'opensearch'],
    ['ingestion resume', 'post', '/logs/ingestion/_resume', {}, 'opensearch'],
    ['influx v2 write', 'post', '/api/v2/write?org=o&bucket=b', 'm v=1', 'influx'],
    ['influx 1.x write', 'post', '/write?db=d&p=viewer-token-0123456789', 'm v=1', 'influx'],
    ['influx remote create', 'post', '/api/v2/remotes', { name: 'r' }, 'influx'],
    ['influx remote delete', 'delete', '/api/v2/remotes/0000000000000001', undefined, 'influx'],
    ['influx replication create', 'post', '/api/v2/replications', { name: 'r' }, 'influx'],
    ['influx replication delete', 'delete', '/api/v2/replications/0000000000000001', undefined, 'influx'],
    ['hq connection add', 'post', '/api/clusters/_connect', { uri: 'http://127.0.0.1:1' }, 'hq'],
    ['hq connection remove', 'delete', '/api/clusters/local/_connect', undefined, 'hq'],
    ['hq cluster settings', 'put', '/api/clusters/local/_settings', { transient: {} }, 'hq'],
    ['hq proxy put', 'put', '/api/proxy/local/logs/_doc/9', { msg: 'forged' }, 'hq'],
    ['hq proxy delete', 'delete', '/api/proxy/local/logs', undefined, 'hq'],
  ] as const)('refuses a viewer the %s (403 in its envelope)', async (_label, method, url, body, family: Family) => {
    const res = await call(VIEWER, method, url, body);
    expect({ status: res.status, body: res.body }).toEqual({ status: 403, body: FORBIDDEN[family] });
  });

  it.each([
    ['get', '/logs/_doc/1', undefined],
    ['head', '/logs', undefined],
    ['post', '/logs/_search', { query: { match_all: {} } }],
    ['post', '/_search?routing=/_bulk', { query: { match_all: {} } }],
    ['post', '/logs/_count', {}],
    ['post', '/_mget', { docs: [{ _index: 'logs', _id: '1' }] }],
    ['post', '/logs/_msearch', '{}\n{"query":{"match_all":{}}}\n'],
    ['get', '/_plugins/_replication/logs/_status', undefined],
    ['get', '/logs/ingestion/_state', undefined],
    ['get', '/api/clusters', undefined],
    ['get', '/api/proxy/local/logs/_doc/1', undefined],
    ['post', '/api/query/local/logs', { query: { match_all: {} } }],
  ] as const)('lets a viewer read: %s %s', async (method, url, body) => {
    const res = await call(VIEWER, method, url, body);
    expect([401, 403]).not.toContain(res.status);
    expect(res.status).toBeLessThan(500);
  });

  it('lets a viewer scroll, and clear its own scroll', async () => {
    const first = await call(VIEWER, 'post', '/logs/_search?scroll=1m', { size: 1, query: { match_all: {} } }).expect(200);
    const next = await call(VIEWER, 'post', '/_search/scroll', { scroll: '1m', scroll_id: first.body._scroll_id }).expect(200);
    expect(next.body.hits.hits).toEqual([]);
    await call(VIEWER, 'delete', '/_search/scroll', { scroll_id: first.body._scroll_id }).expect(200);
    await call(VIEWER, 'delete', '/_search/scroll/_all').expect(403);
  });
});
