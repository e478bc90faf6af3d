import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseGatewayConfig } from '@ferry/core';
import { runSetup } from './setup';

describe('ferry setup', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-setup-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes an org, a bucket and a new token the gateway accepts, and keeps it on a second run', () => {
    const file = join(dir, 'ferry.yaml');
    const first = runSetup({ file, org: 'acme', bucket: 'telegraf', tokenName: 'admin', role: 'admin' });
    expect(first.created).toBe(true);
    expect(first.token).toMatch(/^[\w-]{43}$/);
    const config = parse(readFileSync(file, 'utf8'));
    expect(config.influx).toEqual({ org: 'acme', bucket: 'telegraf' });
    expect(parseGatewayConfig(config).auth.tokens).toEqual([{ name: 'admin', token: first.token, role: 'admin' }]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const second = runSetup({ file, org: 'acme', tokenName: 'admin', role: 'admin' });
    expect(second).toEqual({ token: undefined, created: false });
    expect(parse(readFileSync(file, 'utf8')).auth.tokens).toHaveLength(1);
  });
});
