import { startGateway, startPeers, type Peers } from '../../test/harness';

const deep = (levels: number): string => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
const deepSettings = (levels: number): string => `{"leader_alias":"leader","leader_index":"books","settings":${deep(levels)}}`;
const START = '/_plugins/_replication/f1/_start';
const json = 'application/json';

/** One request with the body bytes as given (supertest would JSON-encode a Buffer). */
async function send(base: string, method: string, path: string, body: string | Buffer | undefined, type: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}${path}`, { method: method.toUpperCase(), headers: body === undefined ? {} : { 'content-type': type }, body });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

type Case = [name: string, method: 'put' | 'post' | 'delete', path: string, body: string | Buffer, type: string, status: number];

describe('ccr API: bad input is a 4xx in the OpenSearch envelope', () => {
  let peers: Peers;
  let gw: Awaited<ReturnType<typeof startGateway>>;

  beforeAll(async () => {
    peers = await startPeers();
    gw = await startGateway(peers);
    await peers.leaderClient.indices.create({ index: 'books' });
  });
  afterAll(async () => {
    await gw?.close();
    await peers?.close();
  });

  it.each<Case>([
    ['_start settings 5,000 levels deep', 'put', START, deepSettings(5000), json, 400],
    ['_start body 101 levels deep', 'put', START, deep(101), json, 400],
    ['_update settings 5,000 levels deep', 'put', '/_plugins/_replication/f1/_update', `{"settings":${deep(5000)}}`, json, 400],
    ['_autofollow settings 5,000 levels deep', 'post', '/_plugins/_replication/_autofollow', `{"leader_alias":"leader","name":"r","pattern":"x*","settings":${deep(5000)}}`, json, 400],
    ['_cluster/settings 5,000 levels deep', 'put', '/_cluster/settings', `{"persistent":${deep(5000)}}`, json, 400],
    ['_cluster/settings body null (the cluster answers)', 'put', '/_cluster/settings', 'null', json, 400],
    ['lone surrogate in leader_index', 'put', START, '{"leader_alias":"leader","leader_index":"b\\ud800"}', json, 400],
    ['lone surrogate in leader_alias', 'put', START, '{"leader_alias":"le\\udc00","leader_index":"books"}', json, 400],
    ['NUL in leader_index', 'put', START, '{"leader_alias":"leader","leader_index":"bo\\u0000oks"}', json, 404],
    ['leader_index a number', 'put', START, '{"leader_alias":"leader","leader_index":7}', json, 400],
    ['leader_index an object', 'put', START, '{"leader_alias":"leader","leader_index":{"a":1}}', json, 400],
    ['huge leader_index', 'put', START, `{"leader_alias":"leader","leader_index":"${'b'.repeat(200_000)}"}`, json, 400],
    ['invalid UTF-8', 'put', START, Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), json, 400],
    ['body an array', 'put', START, '[1,2]', json, 400],
    ['body null', 'put', START, 'null', json, 400],
    ['malformed JSON', 'put', START, '{"leader_alias":', json, 400],
    ['empty body', 'put', START, '', json, 400],
    ['text/plain body', 'put', START, '{"leader_alias":"leader","leader_index":"books"}', 'text/plain', 400],
    ['_update settings a string', 'put', '/_plugins/_replication/f1/_update', '{"settings":"x"}', json, 400],
    ['_pause reason an object', 'post', '/_plugins/_replication/f1/_pause', '{"reason":{"a":1}}', json, 400],
    ['_autofollow delete without a name', 'delete', '/_plugins/_replication/_autofollow', '{"leader_alias":"leader"}', json, 400],
  ])('%s', async (_name, method, path, body, type, status) => {
    const res = await send(gw.gw.url, method, path, body, type);
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ status, error: { type: expect.any(String), reason: expect.any(String), root_cause: [expect.objectContaining({ type: expect.any(String) })] } });
  });

  it.each([
    ['an API key with a line break', { 'cluster.remote.bad.ferry.url': 'http://127.0.0.1:1', 'cluster.remote.bad.ferry.api_key': 'sekrit\nkey' }],
    ['a password in an invalid URL', { 'cluster.remote.bad.ferry.url': 'http://u:sekrit@[::1' }],
  ])('a remote declared with %s: a 400 that does not repeat the secret', async (_name, persistent) => {
    const res = await send(gw.gw.url, 'put', '/_cluster/settings', JSON.stringify({ persistent }), json);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: 400, error: { type: expect.any(String), reason: expect.any(String) } });
    expect(JSON.stringify(res.body)).not.toContain('sekrit');
  });

  it('stays healthy after the table', async () => {
    const res = await send(gw.gw.url, 'get', '/_plugins/_replication/_status', undefined, json);
    expect(res.status).toBeLessThan(500);
  });
});
