import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './load-config';

describe('loadConfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads YAML and JSON files', () => {
    writeFileSync(join(dir, 'a.yaml'), 'server:\n  port: 9500\nccr:\n  pollIntervalMs: 50\n');
    writeFileSync(join(dir, 'a.json'), JSON.stringify({ dataDir: '/tmp/x', log: { level: 'debug' } }));
    expect(loadConfig({ env: {}, overrides: { config: join(dir, 'a.yaml') } })).toEqual({ server: { port: 9500 }, log: {}, ccr: { pollIntervalMs: 50 } });
    expect(loadConfig({ env: {}, overrides: { config: join(dir, 'a.json') } })).toEqual({ server: {}, log: { level: 'debug' }, dataDir: '/tmp/x' });
  });

  it('applies file < environment < flags', () => {
    writeFileSync(join(dir, 'b.yaml'), 'server:\n  port: 1\n  host: 127.0.0.2\ndataDir: /from/file\n');
    const env = { FERRY_CONFIG: join(dir, 'b.yaml'), FERRY_PORT: '2', FERRY_DATA_DIR: '/from/env', FERRY_LOG_LEVEL: 'warn' };
    const config = loadConfig({ env, overrides: { port: 3 } });
    expect(config).toEqual({ server: { port: 3, host: '127.0.0.2' }, dataDir: '/from/env', log: { level: 'warn' } });
  });

  it('adds embedded clusters from --with-cluster next to the default local one', () => {
    expect(loadConfig({ env: {}, overrides: { withCluster: ['leader'] } }).embedded).toEqual({ clusters: [{ name: 'local' }, { name: 'leader' }] });
  });

  it('takes the store from --store over FERRY_STORE_URL over the file, keeping the file\'s pool', () => {
    writeFileSync(join(dir, 's.yaml'), 'store:\n  pool: 3\n');
    const env = { FERRY_CONFIG: join(dir, 's.yaml'), FERRY_STORE_URL: 'postgres://env@db/ferry' };
    expect(loadConfig({ env, overrides: {} }).store).toEqual({ pool: 3, kind: 'postgres', url: 'postgres://env@db/ferry' });
    expect(loadConfig({ env, overrides: { store: 'postgresql://flag@db/ferry' } }).store).toEqual({ pool: 3, kind: 'postgres', url: 'postgresql://flag@db/ferry' });
    expect(loadConfig({ env, overrides: { store: 'sqlite' } }).store).toEqual({ pool: 3, kind: 'sqlite' });
    expect(loadConfig({ env: {}, overrides: {} }).store).toBeUndefined();
  });

  it('refuses a store that is neither sqlite nor a postgres URL, without repeating it', () => {
    expect(() => loadConfig({ env: { FERRY_STORE_URL: 'mysql://u:s3cret@db/x' }, overrides: {} })).toThrow("FERRY_STORE_URL must be 'sqlite' or a postgres:// URL");
    expect(() => loadConfig({ env: {}, overrides: { store: 'mysql://u:s3cret@db/x' } })).not.toThrow(/s3cret/);
    expect(() => loadConfig({ env: {}, overrides: { store: 'mysql://u:s3cret@db/x' } })).toThrow('--store must be');
  });

  it.each([
    [{ FERRY_PORT: 'abc' }, "FERRY_PORT must be a port number (0-65535), got 'abc'"],
    [{ FERRY_CONFIG: '/nonexistent/ferry.yaml' }, 'cannot read config file /nonexistent/ferry.yaml'],
  ])('explains bad settings (%#)', (env, message) => {
    expect(() => loadConfig({ env, overrides: {} })).toThrow(message);
  });

  it('explains a config file that is not a mapping', () => {
    writeFileSync(join(dir, 'c.yaml'), '- a\n- b\n');
    expect(() => loadConfig({ env: {}, overrides: { config: join(dir, 'c.yaml') } })).toThrow('the top level must be a mapping');
  });
});
