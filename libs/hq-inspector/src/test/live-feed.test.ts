import request from 'supertest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestGateway, type TestGateway } from '@ferry/core';
import { clustersModule } from '@ferry/clusters';
import { startEmbeddedCluster, type EmbeddedCluster } from '@ferry/embedded-cluster';
import { hqInspectorPlugin } from '../index';
import { openFeed, type FeedClient } from './hq-socket-client';

const VIEWER = 'hq-viewer-token-0123456789';
const OPERATOR = 'hq-operator-token-0123456789';
const TRANSPORTS: [string, string[]][] = [
  ['polling only', ['polling']],
  ['websocket only', ['websocket']],
  ['polling, then the websocket upgrade (the UI’s default)', ['polling', 'websocket']],
];

const isData = (e: Record<string, unknown>) => typeof e.data === 'string';
const nodesOf = (e: Record<string, unknown>) => JSON.parse(e.data as string) as Record<string, unknown>[];

/** Builds a gateway on the embedded cluster whose feed polls every 0.2 s (HQ's websocket_interval, in seconds). */
async function feedGateway(es: EmbeddedCluster, config: Record<string, unknown> = {}): Promise<TestGateway> {
  // `dead` is registered but nothing listens on its port: every poll of it fails.
  const connections = { os: { url: es.url }, dead: { url: 'http://127.0.0.1:9', timeoutMs: 500 } };
  const gw = await createTestGateway({ modules: [clustersModule()], plugins: [hqInspectorPlugin], config: { clusters: { connections }, ...config } });
  const res = await request(gw.url).put('/api/hq/os/_settings').set(config.auth ? { authorization: `Bearer ${OPERATOR}` } : {}).send({ websocket_interval: 0.2 });
  expect(res.status).toBe(200);
  return gw;
}

async function pollers(gw: TestGateway): Promise<number> {
  return (await request(gw.url).get('/_gateway/health')).body.plugins.hq.details.liveFeedPollers;
}

async function until(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('HQ’s live feed (socket.io /ws) through the gateway', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hq-feed-'));
  let es: EmbeddedCluster;
  let gw: TestGateway;
  const clients: FeedClient[] = [];
  const open = async (transports: string[], extra: Partial<Parameters<typeof openFeed>[1]> = {}, url = gw.url) => {
    const c = await openFeed(url, { transports, ...extra });
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    es = await startEmbeddedCluster({ name: 'feed', dataDir: join(dir, 'es') });
    gw = await feedGateway(es);
    const lines = Array.from({ length: 7 }, (_, i) => `{"index":{"_index":"feed","_id":"${i}"}}\n{"n":${i}}\n`).join('');
    expect((await request(gw.url).post('/api/proxy/os/_bulk?refresh=true').set('content-type', 'application/x-ndjson').send(lines)).status).toBe(200);
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.socket.close();
  });
  afterAll(async () => {
    await gw?.close();
    await es?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(TRANSPORTS)('%s: join <cluster>::nodes, then node metrics every websocket_interval', async (_name, transports) => {
    const c = await open(transports);
    await c.next((e) => e.connected === true);
    c.socket.emit('join', { room_name: 'os::nodes' });
    const first = await c.next(isData);
    const t0 = Date.now();
    const second = await c.next(isData, c.events.indexOf(first) + 1);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(150); // websocket_interval 0.2 s, not a burst
    const truth = (await request(es.url).get('/_nodes/stats')).body.nodes as Record<string, any>;
    for (const event of [first, second]) {
      const [node] = nodesOf(event);
      const real = truth[node.node_id as string];
      expect(real).toBeDefined();
      expect(node).toMatchObject({ name: real.name, host: real.host, docs_count: 7, heap_max_in_bytes: real.jvm.mem.heap_max_in_bytes });
      for (const key of ['heap_used_in_bytes', 'cpu_percent', 'os_cpu_percent', 'process_open_file_descriptors', 'os_load_average', 'jvm_threads_count', 'fs_free_in_bytes', 'fs_used_in_bytes', 'store_size', 'tp_search_completed', 'tp_bulk_completed']) {
        expect(typeof node[key]).toBe('number');
      }
      expect(node.heap_used_in_bytes as number).toBeGreaterThan(0);
      expect(node.process_open_file_descriptors as number).toBeGreaterThan(0);
    }
    if (transports.length === 2 && c.socket.io.engine.transport.name !== 'websocket') await new Promise<void>((ok) => c.socket.io.engine.once('upgrade', ok));
    expect(c.socket.io.engine.transport.name).toBe(transports.at(-1));
  });

  it('one poller per room, shared; leave and disconnect stop it once the room is empty', async () => {
    const [a, b] = [await open(['websocket']), await open(['polling'])];
    for (const c of [a, b]) c.socket.emit('join', { room_name: 'os::nodes' });
    await Promise.all([a.next(isData), b.next(isData)]);
    expect(await pollers(gw)).toBe(1);
    a.socket.close();
    await new Promise((r) => setTimeout(r, 300));
    expect(await pollers(gw)).toBe(1);
    const before = b.events.length;
    await b.next(isData, before);
    b.socket.emit('leave', { room_name: 'os::nodes' });
    await until(async () => (await pollers(gw)) === 0);
    const after = b.events.length;
    await new Promise((r) => setTimeout(r, 600));
    expect(b.events.slice(after).filter(isData)).toEqual([]);
    expect(b.socket.connected).toBe(true);
  });

  it('an unknown cluster: HQ-style error event, no poller, the socket stays usable', async () => {
    const c = await open(['websocket']);
    c.socket.emit('join', { room_name: 'nope::nodes' });
    expect(await c.next((e) => 'error' in e)).toEqual({ error: "There is no connection with alias 'nope'.", status_code: 404 });
    c.socket.emit('join', { room_name: 'no-separator' });
    expect(await c.next((e) => e.status_code === 400)).toMatchObject({ error: expect.stringContaining('room_name') });
    expect(await pollers(gw)).toBe(0);
    c.socket.emit('join', { room_name: 'os::nodes' });
    expect(nodesOf(await c.next(isData)).length).toBe(1);
  });

  it('a cluster that fails: its room stays quiet, polling goes on, other rooms are served', async () => {
    const dead = await open(['websocket']);
    dead.socket.emit('join', { room_name: 'dead::nodes' });
    await until(async () => (await pollers(gw)) === 1);
    const live = await open(['polling']);
    live.socket.emit('join', { room_name: 'os::nodes' });
    await live.next(isData);
    await live.next(isData, live.events.findIndex(isData) + 1);
    expect(await pollers(gw)).toBe(2);
    expect(dead.events.filter(isData)).toEqual([]);
    expect(dead.socket.connected).toBe(true);
  });

  describe('with gateway auth on', () => {
    let secured: TestGateway;
    beforeAll(async () => {
      const tokens = [{ name: 'v', token: VIEWER, role: 'viewer' }, { name: 'o', token: OPERATOR, role: 'operator' }];
      secured = await feedGateway(es, { auth: { tokens } });
    });
    afterAll(() => secured?.close());

    it.each(TRANSPORTS)('%s: refused without a token or with a wrong one', async (_name, transports) => {
      await expect(open(transports, {}, secured.url)).rejects.toBeDefined();
      await expect(open(transports, { headers: { authorization: 'Bearer not-a-valid-token-000000' } }, secured.url)).rejects.toBeDefined();
    });

    it('the Engine.IO 3 handshake answers 403 with the reason, never echoing the token; 200 with it', async () => {
      const handshake = '/socket.io/?EIO=3&transport=polling';
      const none = await request(secured.url).get(handshake);
      expect(none.status).toBe(403);
      expect(none.text).toContain('401 missing authentication credentials');
      const wrong = await request(secured.url).get(`${handshake}&token=wrong-secret-0123456789abc`);
      expect(wrong.status).toBe(403);
      expect(wrong.text).toContain('the token is not valid');
      expect(wrong.text + JSON.stringify(wrong.headers)).not.toContain('wrong-secret-0123456789abc');
      const ok = await request(secured.url).get(handshake).set('authorization', `Basic ${Buffer.from(`hq:${VIEWER}`).toString('base64')}`);
      expect(ok.status).toBe(200);
      expect(ok.text).toContain('"sid"');
    });

    it.each(TRANSPORTS)('%s: a viewer token (header or ?token=) gets the feed', async (_name, transports) => {
      for (const extra of [{ headers: { authorization: `Bearer ${VIEWER}` } }, { query: { token: VIEWER } }]) {
        const c = await open(transports, extra, secured.url);
        c.socket.emit('join', { room_name: 'os::nodes' });
        expect(nodesOf(await c.next(isData))[0].docs_count).toBe(7);
        c.socket.close();
      }
    });
  });

  it('stopping the gateway stops the pollers and disconnects the clients', async () => {
    const own = await feedGateway(es);
    const c = await open(['websocket'], {}, own.url);
    c.socket.emit('join', { room_name: 'os::nodes' });
    await c.next(isData);
    const gone = new Promise<void>((ok) => c.socket.on('disconnect', () => ok()));
    await own.close();
    await gone;
    const after = c.events.length;
    await new Promise((r) => setTimeout(r, 500));
    expect(c.events.length).toBe(after);
  });
});
