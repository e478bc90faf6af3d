import request from 'supertest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { definePlugin } from '../plugin/define-plugin';
import { createGateway } from '../http/create-gateway';
import { createTestGateway, type TestGateway } from '../testing/test-gateway';
import { notesPlugin } from './fixture-plugin';

const tokens = [
  { name: 'ann', token: 'viewer-token-0123456789', role: 'viewer' },
  { name: 'bob', token: 'operator-token-0123456789', role: 'operator' },
  { name: 'cy', token: 'admin-token-0123456789abc', role: 'admin' },
];

function silent(dataDir: string, extra: Record<string, unknown> = {}) {
  return { dataDir, log: { level: 'silent' }, ...extra };
}

describe('boot-time checks', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'ferry-boot-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const other = (id: string, mounts: string[]) => definePlugin({ id, mounts, errorFormat: 'gateway', register() {} });

  it.each([
    [[notesPlugin, notesPlugin], "plugin id 'notes' is registered twice"],
    [[notesPlugin, other('more-notes', ['/notes/extra'])], "mount '/notes/extra' of plugin 'more-notes' overlaps mount '/notes' of plugin 'notes'"],
    [[other('ccr', ['/_plugins/_replication']), other('dup', ['/_plugins/_replication'])], "mount '/_plugins/_replication' of plugin 'dup' overlaps mount '/_plugins/_replication' of plugin 'ccr'"],
    [[other('p', ['/:index/ingestion']), other('q', ['/:name/ingestion/x'])], "mount '/:name/ingestion/x' of plugin 'q' overlaps mount '/:index/ingestion' of plugin 'p'"],
    [[other('gw', ['/_gateway/x'])], "mount '/_gateway/x' of plugin 'gw' overlaps mount '/_gateway' of plugin 'gateway'"],
    [[other('auth', ['/x'])], "plugin id 'auth' is reserved by the gateway"],
  ])('refuses a bad plugin set (%#)', async (plugins, message) => {
    await expect(createGateway({ config: silent(dir), plugins })).rejects.toThrow(message);
  });

  it('lets a literal mount and a param mount coexist', async () => {
    const gw = await createGateway({ config: silent(dir), plugins: [other('a', ['/api/v2']), other('b', ['/:index/ingestion'])] });
    await gw.stop();
  });

  it('reports an invalid config section with every issue', async () => {
    await expect(createGateway({ config: silent(dir, { notes: { maxLength: -1 } }), plugins: [notesPlugin] })).rejects.toThrow(
      "invalid config for plugin 'notes': notes.maxLength: Too small: expected number to be >0",
    );
  });

  it('reports a failed migration with plugin, version and cause', async () => {
    const broken = definePlugin({
      id: 'broken',
      mounts: ['/broken'],
      errorFormat: 'gateway',
      migrations: [{ version: 1, name: 'bad-sql', up: 'CREATE TABLE oops (' }],
      register() {},
    });
    await expect(createGateway({ config: silent(dir), plugins: [broken] })).rejects.toThrow(
      /plugin 'broken' failed to migrate: migration 1 \(bad-sql\) of 'broken' failed: incomplete input/,
    );
  });

  it.each([
    ['Bad Id', /plugin id 'Bad Id' is invalid/],
    ['ok', /mount 'no-slash' must start with '\/'/],
  ])('rejects a bad definition (%s)', (id, message) => {
    expect(() => definePlugin({ id, mounts: ['no-slash'], errorFormat: 'gateway', register() {} })).toThrow(message);
  });

  it('refuses to listen on a non-loopback address without tokens, and says why', async () => {
    const gw = await createGateway({ config: silent(dir) });
    await expect(gw.listen({ host: '0.0.0.0', port: 0 })).rejects.toThrow(/refusing to listen on 0\.0\.0\.0: it is not a loopback address and no auth tokens/);
    await gw.stop();
  });
});

describe('migrations', () => {
  it('are applied once across restarts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferry-mig-'));
    const first = await createTestGateway({ plugins: [notesPlugin], dataDir: dir });
    await request(first.app).post('/notes').send({ text: 'kept' }).expect(201);
    await first.close();
    const second = await createTestGateway({ plugins: [notesPlugin], dataDir: dir });
    const res = await request(second.app).get('/notes').expect(200);
    expect(res.body).toEqual([{ id: 1, text: 'kept', author: 'anon' }]);
    await second.close();
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('a running gateway', () => {
  let gw: TestGateway;
  afterEach(async () => gw?.close());

  it('serves health, info, metrics and the OpenAPI document', async () => {
    gw = await createTestGateway({ plugins: [notesPlugin] });
    const health = await request(gw.app).get('/_gateway/health').expect(200);
    expect(health.body.status).toBe('ok');
    expect(health.body.plugins.notes.status).toBe('ok');
    const info = await request(gw.app).get('/_gateway/info').expect(200);
    expect(info.body.plugins).toEqual([{ id: 'notes', mounts: ['/notes', '/echo'], errorFormat: 'influx' }]);
    const metrics = await request(gw.app).get('/_gateway/metrics').expect(200);
    expect(metrics.text).toContain('process_cpu_user_seconds_total');
    const some = await request(gw.app).get('/_gateway/metrics?name=process_cpu_user_seconds_total&name=nodejs_heap_size_used_bytes&name=no_such_metric').expect(200);
    expect(some.text).toMatch(/^# HELP process_cpu_user_seconds_total /);
    expect(some.text).toContain('\nnodejs_heap_size_used_bytes ');
    expect(some.text).not.toContain('process_cpu_system_seconds_total');
    const doc = await request(gw.app).get('/_gateway/openapi.json').expect(200);
    expect(doc.body.openapi).toBe('3.0.3');
    expect(Object.keys(doc.body.paths)).toContain('/_gateway/cluster');
    // One node on SQLite: itself, live, no leases unless a plugin wants work.
    const cluster = await request(gw.app).get('/_gateway/cluster').expect(200);
    expect(cluster.body).toMatchObject({ kind: 'local', leases: [], strandedQueuedBytes: 0 });
    expect(cluster.body.nodes).toEqual([expect.objectContaining({ id: cluster.body.nodeId, live: true, queuedBytes: 0 })]);
    await request(gw.app).post('/_gateway/cluster').expect(405);
  });

  it('renders plugin errors in the plugin envelope, unknown routes included', async () => {
    gw = await createTestGateway({ plugins: [notesPlugin] });
    const res = await request(gw.app).get('/notes/42').expect(404);
    expect(res.body).toEqual({ code: 'not found', message: 'note not found' });
    expect(res.headers['x-platform-error-code']).toBe('not found');
    const bad = await request(gw.app).post('/notes').send({ text: 5, author: 7 }).expect(400);
    expect(bad.body.code).toBe('invalid');
    expect(bad.body.message).toContain('body.text');
    expect(bad.body.message).toContain('body.author');
  });

  it('answers a path that cannot be decoded in the envelope of the mount it falls under', async () => {
    gw = await createTestGateway({ plugins: [notesPlugin] });
    const res = await fetch(`${gw.url}/notes/%ZZ`);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ code: 'invalid', message: 'invalid path: /notes/%ZZ' });
    const other = await fetch(`${gw.url}/elsewhere/%ZZ`);
    expect(other.status).toBe(400);
    expect(((await other.json()) as { error: { type: string } }).error.type).toBe('illegal_argument_exception');
  });

  it('answers 413 in the plugin envelope when the body is too large', async () => {
    gw = await createTestGateway({ plugins: [notesPlugin], config: { server: { bodyLimitBytes: 64 } } });
    const res = await request(gw.app).post('/notes').send({ text: 'x'.repeat(200) }).expect(413);
    expect(res.body).toEqual({ code: 'request too large', message: 'request body is too large' });
  });

  it('runs workers and stops them on close', async () => {
    gw = await createTestGateway({ plugins: [notesPlugin] });
    await new Promise((r) => setTimeout(r, 50));
    const res = await request(gw.app).get('/notes/ticks').expect(200);
    expect(res.body.ticks).toBeGreaterThan(0);
  });

  it('finishes a request in flight during a graceful stop, then refuses new connections', async () => {
    gw = await createTestGateway({ plugins: [notesPlugin] });
    const url = gw.url;
    const slow = fetch(`${url}/notes/slow?ms=400`).then((r) => r.json());
    await new Promise((r) => setTimeout(r, 100));
    const stopping = gw.gateway.stop();
    expect(await slow).toEqual({ slow: true });
    await stopping;
    await expect(fetch(`${url}/_gateway/health`)).rejects.toThrow();
  });
});

describe('token roles', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await createTestGateway({ plugins: [notesPlugin], config: { auth: { tokens } } });
  });
  afterAll(async () => gw.close());

  it.each([
    ['no credentials', undefined, 'get', 401],
    ['a wrong token', 'Bearer not-a-real-token-at-all', 'get', 401],
    ['viewer (Bearer) reading', 'Bearer viewer-token-0123456789', 'get', 200],
    ['viewer (Token) writing', 'Token viewer-token-0123456789', 'post', 403],
    ['operator (Token) writing', 'Token operator-token-0123456789', 'post', 201],
    ['admin as basic-auth password', `Basic ${Buffer.from('any:admin-token-0123456789abc').toString('base64')}`, 'post', 201],
  ] as const)('%s → %s', async (_label, authorization, method, status) => {
    const req = method === 'get' ? request(gw.app).get('/notes') : request(gw.app).post('/notes').send({ text: 'hi' });
    if (authorization) req.set('authorization', authorization);
    const res = await req.expect(status);
    if (status === 401) expect(res.body.code).toBe('unauthorized');
    if (status === 403) expect(res.body).toEqual({ code: 'forbidden', message: expect.stringContaining('needs the operator role') });
  });

  it('lets a plugin declare public paths and a token query parameter', async () => {
    await request(gw.app).get('/notes/ticks').expect(200);
    await request(gw.app).post('/notes/ticks').expect(401);
    await request(gw.app).get('/notes').query({ u: 'x', p: 'viewer-token-0123456789' }).expect(200);
    await request(gw.app).post('/notes').query({ p: 'viewer-token-0123456789' }).send({ text: 'x' }).expect(403);
    await request(gw.app).get('/notes').query({ p: 'wrong-token-0123456789' }).expect(401);
  });

  it('lets a viewer POST to a path the plugin declares read-only', async () => {
    await request(gw.app).post('/notes/search/all').set('authorization', 'Bearer viewer-token-0123456789').expect(200);
    await request(gw.app).post('/notes').set('authorization', 'Bearer viewer-token-0123456789').send({ text: 'x' }).expect(403);
  });

  it('serves raw routes before Express, with auth and the plugin envelope', async () => {
    const viewer = 'Bearer viewer-token-0123456789';
    await request(gw.app).get('/echo/a/b?c=1').set('authorization', viewer).expect(200, { url: '/a/b?c=1', method: 'GET' });
    await request(gw.app).get('/echo').set('authorization', viewer).expect(200, { url: '/', method: 'GET' });
    expect((await request(gw.app).get('/echo/x').expect(401)).body.code).toBe('unauthorized');
    await request(gw.app).put('/echo/x').set('authorization', viewer).expect(403);
    expect((await request(gw.app).get('/echo/boom').set('authorization', viewer).expect(404)).body).toEqual({ code: 'not found', message: 'nothing to echo' });
    expect((await request(gw.app).get('/echo/later').set('authorization', viewer).expect(404)).body).toEqual({ code: 'not found', message: 'nothing later' });
  });

  it('keeps health open and the rest of /_gateway behind a token', async () => {
    await request(gw.app).get('/_gateway/health').expect(200);
    const res = await request(gw.app).get('/_gateway/info').expect(401);
    expect(res.body.error.code).toBe('unauthorized');
    await request(gw.app).get('/_gateway/info').set('authorization', 'Bearer viewer-token-0123456789').expect(200);
  });
});

describe('mountPlugins on a host Express app', () => {
  it('serves Express routes and raw routes alike', async () => {
    const express = (await import('express')).default;
    const { mountPlugins } = await import('../plugin/mount-plugins');
    const { createRootContainer } = await import('../plugin/root-container');
    const { openSqliteStore } = await import('../store/sqlite-store');
    const store = openSqliteStore({ path: ':memory:' });
    const app = express();
    const config = { log: { level: 'silent' } };
    await mountPlugins({ app, plugins: [notesPlugin], container: createRootContainer({ store, config }), config });
    await request(app).post('/notes').send({ text: 'hosted' }).expect(201);
    await request(app).get('/echo/q?x=1').expect(200, { url: '/q?x=1', method: 'GET' });
    expect((await request(app).get('/echo/boom').expect(404)).body).toEqual({ code: 'not found', message: 'nothing to echo' });
    await store.close();
  });
});
