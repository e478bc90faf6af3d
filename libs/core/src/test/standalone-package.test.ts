import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../../../..');

// A fixture plugin published as its own package, written in plain JavaScript as a team outside this repo would.
const FIXTURE_PLUGIN = `
const { definePlugin, jsonBody, NotFoundError, TOKENS } = require('@ferry/core');
exports.greetingsPlugin = definePlugin({
  id: 'greetings',
  mounts: ['/greetings'],
  errorFormat: 'gateway',
  migrations: [{ version: 1, name: 'greetings', up: 'CREATE TABLE greetings (name TEXT PRIMARY KEY)' }],
  register({ router, container, config, bodyLimitBytes }) {
    const store = container.resolve(TOKENS.store);
    router.use(jsonBody(bodyLimitBytes));
    router.put('/:name', async (req, res) => {
      await store.run('INSERT OR IGNORE INTO greetings (name) VALUES (?)', [req.params.name]);
      res.status(201).json({ ok: true });
    });
    router.get('/:name', async (req, res) => {
      const row = await store.get('SELECT name FROM greetings WHERE name = ?', [req.params.name]);
      if (!row) throw new NotFoundError('nobody called ' + req.params.name);
      res.json({ greeting: (config.prefix || 'hello') + ', ' + row.name });
    });
  },
});
`;

// The host: a plain Express app that provides its own store and config.
const HOST = `
const express = require('express');
const { mountPlugins, openSqliteStore, createRootContainer } = require('@ferry/core');
const { greetingsPlugin } = require('greetings-plugin');
(async () => {
  const app = express();
  const store = openSqliteStore({ path: ':memory:' });
  const config = { log: { level: 'silent' }, greetings: { prefix: 'ahoy' } };
  await mountPlugins({ app, plugins: [greetingsPlugin], container: createRootContainer({ store, config }), config });
  const server = app.listen(0, '127.0.0.1', async () => {
    const base = 'http://127.0.0.1:' + server.address().port;
    const put = await fetch(base + '/greetings/ferry', { method: 'PUT' });
    const got = await (await fetch(base + '/greetings/ferry')).json();
    const missing = await fetch(base + '/greetings/nobody');
    console.log(JSON.stringify({ put: put.status, got, missing: missing.status, missingBody: await missing.json() }));
    server.close();
    await store.close();
  });
})().catch((err) => { console.error(err); process.exit(1); });
`;

function npm(args: string[], cwd: string): string {
  return execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('@ferry/core as a standalone package', () => {
  const work = mkdtempSync(join(tmpdir(), 'ferry-pack-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('installs from a packed tarball with a fixture plugin and serves a route on a plain Express app', () => {
    execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'libs/core/tsconfig.lib.json')], { cwd: root });
    const coreTgz = npm(['pack', join(root, 'libs/core'), '--pack-destination', work, '--silent'], work).trim().split('\n').pop()!;

    const pluginDir = join(work, 'greetings-plugin');
    mkdirSync(pluginDir);
    writeFileSync(join(pluginDir, 'package.json'), JSON.stringify({ name: 'greetings-plugin', version: '1.0.0', main: 'index.js', peerDependencies: { '@ferry/core': '*' } }));
    writeFileSync(join(pluginDir, 'index.js'), FIXTURE_PLUGIN);
    const pluginTgz = npm(['pack', pluginDir, '--pack-destination', work, '--silent'], work).trim().split('\n').pop()!;

    const app = join(work, 'host-app');
    mkdirSync(app);
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({
        name: 'host-app',
        private: true,
        dependencies: {
          '@ferry/core': `file:${join(work, coreTgz)}`,
          'greetings-plugin': `file:${join(work, pluginTgz)}`,
          express: '5.3.0',
          // The host brings its own SQLite driver; linking the workspace's build avoids compiling it again.
          'better-sqlite3': `file:${join(root, 'node_modules/better-sqlite3')}`,
        },
      }),
    );
    writeFileSync(join(app, 'host.js'), HOST);
    npm(['install', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], app);

    const run = spawnSync(process.execPath, ['host.js'], { cwd: app, encoding: 'utf8', timeout: 30_000 });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout.trim())).toEqual({
      put: 201,
      got: { greeting: 'ahoy, ferry' },
      missing: 404,
      missingBody: { error: { code: 'not_found', message: 'nobody called nobody' } },
    });
  }, 240_000);
});
