import request from 'supertest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGateway } from '../http/create-gateway';
import { definePlugin } from '../plugin/define-plugin';
import { createTestGateway, type TestGateway } from '../testing/test-gateway';

const INDEX = '<!doctype html><script type="module" src="./assets/app-abc123.js"></script>';

function builtConsole(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-console-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), INDEX);
  writeFileSync(join(dir, 'assets', 'app-abc123.js'), 'console.log(1)');
  writeFileSync(join(dir, 'assets', 'app-abc123.css'), 'body{}');
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return dir;
}

// The fallback stands in for the pass-through: it answers the root the way OpenSearch does.
const rootJson = () => (_req: unknown, res: import('node:http').ServerResponse) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ tagline: 'The OpenSearch Project: https://opensearch.org/' }));
};

describe('the console under /_console/', () => {
  let dir: string;
  let gw: TestGateway;
  beforeAll(async () => {
    dir = builtConsole();
    gw = await createTestGateway({ listen: false, consoleDir: dir, fallback: rootJson, config: { auth: { tokens: [{ name: 'v', token: 'viewer-token-0123456789', role: 'viewer' }] } } });
  });
  afterAll(async () => {
    await gw.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html, uncached, without a token', async () => {
    const res = await request(gw.app).get('/_console/').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.text).toBe(INDEX);
  });

  it.each([
    ['/_console/assets/app-abc123.js', /javascript/],
    ['/_console/assets/app-abc123.css', /^text\/css/],
    ['/_console/deep/link/assets/app-abc123.js', /javascript/],
  ])('serves %s with its type, cached for good', async (path, type) => {
    const res = await request(gw.app).get(path).expect(200);
    expect(res.headers['content-type']).toMatch(type);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers.etag).toBeDefined();
  });

  it('serves other files revalidated', async () => {
    const res = await request(gw.app).get('/_console/favicon.svg').expect(200);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('answers a deep link with the app (SPA fallback)', async () => {
    const res = await request(gw.app).get('/_console/clusters/local').expect(200);
    expect(res.text).toBe(INDEX);
  });

  it.each(['/_console/assets/missing.js', '/_console/nothing.png'])('answers a missing file %s with 404 in the gateway envelope', async (path) => {
    const res = await request(gw.app).get(path).expect(404);
    expect(res.body.error.code).toBe('not_found');
  });

  it('does not serve files outside its folder', async () => {
    const res = await request(gw.app).get('/_console/%2e%2e/%2e%2e/etc/passwd');
    expect(res.text).not.toContain('root:');
    expect([200, 400, 403, 404]).toContain(res.status);
  });

  it('redirects /_console to /_console/ relatively (works under a base path)', async () => {
    const res = await request(gw.app).get('/_console').expect(308);
    expect(res.headers.location).toBe('_console/');
  });

  it('refuses writes with 405', async () => {
    const res = await request(gw.app).post('/_console/').expect(405);
    expect(res.headers.allow).toBe('GET, HEAD');
  });

  it('sends a browser at / to the console, relatively', async () => {
    const res = await request(gw.app).get('/').set('accept', 'text/html,application/xhtml+xml,*/*;q=0.8').expect(302);
    expect(res.headers.location).toBe('_console/');
  });

  it.each([undefined, '*/*', 'application/json'])('keeps the root JSON for an API client (accept %s), behind its auth', async (accept) => {
    const req = request(gw.app).get('/');
    if (accept) req.set('accept', accept);
    expect((await req).status).toBe(401);
    const ok = request(gw.app).get('/').set('authorization', 'Bearer viewer-token-0123456789');
    if (accept) ok.set('accept', accept);
    expect((await ok.expect(200)).body.tagline).toMatch(/OpenSearch/);
  });
});

describe('the console, not built', () => {
  it('answers 404 naming the build command', async () => {
    const gw = await createTestGateway({ listen: false, consoleDir: join(tmpdir(), 'no-such-console-dir') });
    try {
      const res = await request(gw.app).get('/_console/').expect(404);
      expect(res.body.error.message).toContain('nx run console:build');
    } finally {
      await gw.close();
    }
  });

  it('refuses a plugin mounted at /_console', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ferry-boot-'));
    try {
      const plugin = definePlugin({ id: 'squatter', mounts: ['/_console'], errorFormat: 'gateway', register() {} });
      await expect(createGateway({ config: { dataDir, log: { level: 'silent' } }, plugins: [plugin] })).rejects.toThrow("overlaps mount '/_console'");
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
