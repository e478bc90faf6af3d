import type { TestGateway } from '@ferry/core';
import { call, startGateway } from './helpers';

const TOKEN = 'ferry-op-token-9f8e7d6c5b4a';
const deep = (levels: number): string => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
const auth = { authorization: `Token ${TOKEN}` };

type Case = [name: string, method: string, path: string, body: string | Buffer | undefined, status: number];

/** Bad input on every route family of the plugin: a 4xx in InfluxDB's envelope, never a 500, never the token. */
describe('influx API: bad input', () => {
  let gw: TestGateway;
  let orgID: string;

  beforeAll(async () => {
    gw = await startGateway({ org: 'acme' }, { auth: { tokens: [{ name: 'ops', token: TOKEN, role: 'operator' }] } });
    orgID = (await call(gw.url, 'GET', '/api/v2/orgs?org=acme', { headers: auth })).body.orgs[0].id;
    await call(gw.url, 'POST', '/api/v2/buckets', { body: { orgID, name: 'b1' }, headers: auth });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it.each<Case>([
    ['remote body 5,000 levels deep', 'POST', '/api/v2/remotes', deep(5000), 400],
    ['replication body 101 levels deep', 'POST', '/api/v2/replications', deep(101), 400],
    ['bucket body 5,000 levels deep', 'POST', '/api/v2/buckets', deep(5000), 400],
    ['org body an array', 'POST', '/api/v2/orgs', '[1]', 400],
    ['org name with NUL', 'POST', '/api/v2/orgs', '{"name":"a\\u0000b"}', 201],
    // InfluxDB's Go decoder turns a lone surrogate into U+FFFD and accepts the name.
    ['org name a lone surrogate', 'POST', '/api/v2/orgs', '{"name":"\\ud800"}', 201],
    ['remote with a huge name', 'POST', '/api/v2/remotes', JSON.stringify({ orgID: 'x', name: 'n'.repeat(300_000), remoteURL: 'http://127.0.0.1:1', remoteAPIToken: 't' }), 400],
    ['remote URL not a URL', 'POST', '/api/v2/remotes', '{"name":"r","remoteURL":"::","remoteAPIToken":"t","orgID":"ORG"}', 400],
    ['remote token with control characters', 'POST', '/api/v2/remotes', '{"name":"r","remoteURL":"http://127.0.0.1:1","remoteAPIToken":"a\\r\\nb","orgID":"ORG"}', 400],
    ['invalid UTF-8', 'POST', '/api/v2/orgs', Buffer.from([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]), 201],
    ['empty body', 'POST', '/api/v2/replications', '', 400],
    ['v2 write without a bucket', 'POST', '/api/v2/write?org=acme', 'm v=1', 404],
    ['v2 write with a bad line', 'POST', '/api/v2/write?org=acme&bucket=b1', 'm v=', 400],
  ])('%s', async (_name, method, path, body, status) => {
    const sent = typeof body === 'string' ? body.replace('"ORG"', JSON.stringify(orgID)) : body;
    const res = await call(gw.url, method, path, { body: sent, headers: { ...auth, 'content-type': 'application/json' } });
    expect(res.status).toBe(status);
    if (status >= 400) {
      expect(res.body).toEqual({ code: expect.any(String), message: expect.any(String) });
      expect(res.headers.get('x-platform-error-code')).toBe(res.body.code);
    }
  });

  it.each([
    ['a bad precision', `/write?db=none&p=${TOKEN}&precision=${encodeURIComponent('é\u0001x')}`, 400],
    ['a database with bytes that cannot go in a header', `/write?db=${encodeURIComponent('db\u00e9\u4e2d\r\n')}&p=${TOKEN}`, 404],
    ['a bad line', `/write?db=b1&p=${TOKEN}`, 400],
    ['a wrong token in p', `/write?db=acme&p=${TOKEN}x`, 401],
  ])('1.x /write with %s: a 4xx, the error header latin-1 safe, the token never echoed', async (_name, path, status) => {
    const res = await call(gw.url, 'POST', path, { body: 'm v=\u4e2d' });
    expect(res.status).toBe(status);
    // A 401 comes from the gateway's auth, in the v2 envelope.
    expect(res.body).toEqual(status === 401 ? { code: 'unauthorized', message: expect.any(String) } : { error: expect.any(String) });
    const header = res.headers.get('x-influxdb-error') ?? '';
    expect(JSON.stringify(res.body)).not.toContain(TOKEN);
    expect(header).not.toContain(TOKEN);
    expect(header).toMatch(/^[\x20-\x7e]*$/);
  });

  it.each([
    ['an invalid URL', 'http://u:sekrit-pw@[::1'],
    ['an unsupported scheme', 'ftp://u:sekrit-pw@host'],
  ])('a remote with a password in %s: a 400 that does not repeat it', async (_name, remoteURL) => {
    const res = await call(gw.url, 'POST', '/api/v2/remotes', { body: { orgID, name: 'r', remoteURL, remoteAPIToken: 't' }, headers: auth });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ code: 'invalid', message: expect.stringContaining('***@') });
    expect(JSON.stringify(res.body)).not.toContain('sekrit');
  });

  it('still answers after the table', async () => {
    expect((await call(gw.url, 'GET', '/health')).status).toBe(200);
    expect(orgID).toBeTruthy();
  });
});
