import { Client } from '@opensearch-project/opensearch';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { startFerry, type Ferry } from '../compose';
import { plugins } from '../plugins';

const root = resolve(__dirname, '../../../..');

describe('ferry serve, in-process', () => {
  let ferry: Ferry;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ferry-serve-'));
    ferry = await startFerry({ dataDir, server: { port: 0 }, log: { level: 'silent' } }, { version: '9.9.9' });
  });
  afterAll(async () => {
    await ferry.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('reports health, info and its embedded local cluster', async () => {
    const health = (await (await fetch(`${ferry.url}/_gateway/health`)).json()) as { plugins: Record<string, unknown> };
    expect(health).toMatchObject({ plugins: { clusters: { status: 'ok', details: { local: 'local' } } } });
    expect(Object.keys(health.plugins).sort()).toEqual(['clusters', ...plugins.map((p) => p.id)].sort());
    const info = (await (await fetch(`${ferry.url}/_gateway/info`)).json()) as { plugins: { id: string }[] };
    expect(info).toMatchObject({ name: 'ferry', version: '9.9.9', auth: 'none' });
    expect(info.plugins.map((p: { id: string }) => p.id)).toEqual(plugins.map((p) => p.id));
    expect(plugins.map((p) => p.id).slice(0, 4)).toEqual(['ccr', 'influx', 'ingestion', 'hq']);
    expect(ferry.embedded.map((c) => c.name)).toEqual(['local']);
  });

  it('looks like an OpenSearch cluster to the official client', async () => {
    const client = new Client({ node: ferry.url });
    const root = await client.info();
    expect(root.body.version.distribution).toBe('opensearch');
    await client.indices.create({ index: 'gw-logs', body: { settings: { number_of_shards: 2 } } });
    await client.index({ index: 'gw-logs', id: '1', body: { msg: 'through the gateway' }, refresh: true });
    const found = await client.search({ index: 'gw-logs', body: { query: { match_all: {} } } });
    expect(found.body.hits.hits.map((h) => h._id)).toEqual(['1']);
    await expect(client.get({ index: 'missing-index', id: '1' })).rejects.toMatchObject({ meta: { statusCode: 404 } });
  });
});

describe('the ferry command', () => {
  let child: ChildProcess | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'ferry-cli-'));
  afterAll(() => {
    child?.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves health and stops with exit code 0 within 5 s of SIGTERM', async () => {
    execFileSync(process.execPath, [join(dirname(require.resolve('nx/package.json')), require('nx/package.json').bin.nx), 'run', 'gateway:build', '--output-style=static'], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
    });
    child = spawn(process.execPath, [join(root, 'apps/gateway/bin/ferry.js'), 'serve', '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    const url = await new Promise<string>((ok, fail) => {
      let out = '';
      child!.stdout!.on('data', (d) => {
        out += d;
        const m = /ferry listening on (http:\/\/[\d.:]+)/.exec(out);
        if (m) ok(m[1]);
      });
      child!.once('exit', (code) => fail(new Error(`ferry exited early with ${code}: ${out}`)));
    });
    const res = await fetch(`${url}/_gateway/health`);
    expect(res.status).toBe(200);
    const started = Date.now();
    const exited = new Promise<number | null>((ok) => child!.once('exit', (code) => ok(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);
    child = undefined;
  }, 180_000);
});
