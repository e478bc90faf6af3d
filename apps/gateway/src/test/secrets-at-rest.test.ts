import { openSecretBox, openSqliteStore } from '@ferry/core';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFerry, type Ferry } from '../compose';
import { main } from '../main';
import { findSecrets } from './data-dir-scan';
import { startRecordingUpstream, type RecordingUpstream } from './recording-upstream';

const secret = (label: string) => `${label}-${randomBytes(12).toString('hex')}`;
const S = { basic: secret('pw'), apiKey: secret('key'), bearer: secret('bearer'), ccr: secret('ccr'), influx: secret('tok'), deleted: secret('gone'), url: secret('url') };
const ALL = [...Object.values(S), `elastic:${S.basic}`, `ccr:${S.ccr}`];

/** Rows as the version before sealed secrets wrote them: specs and tokens in plaintext, and a deleted remote's token in a free page. */
async function writePlaintextRows(dataDir: string, upstream: string, orgID: string): Promise<string> {
  const store = openSqliteStore({ path: join(dataDir, 'ferry.db') });
  const now = new Date().toISOString();
  const spec = (name: string, auth: object) => JSON.stringify({ name, url: upstream, auth, timeoutMs: 30_000 });
  const connections: [string, object][] = [
    ['old-basic', { type: 'basic', username: 'elastic', password: S.basic }],
    ['old-key', { type: 'apiKey', apiKey: S.apiKey }],
    ['old-bearer', { type: 'bearer', token: S.bearer }],
    ['leader', { type: 'basic', username: 'ccr', password: S.ccr }],
  ];
  const remote = (id: string, token: string) =>
    store.run(
      `INSERT INTO influx_remotes (id, org_id, name, description, remote_url, remote_api_token, remote_org_id, allow_insecure_tls, remote_type,
       created_at, updated_at) VALUES (?, ?, ?, NULL, ?, ?, NULL, 0, 'v2', ?, ?)`,
      [id, orgID, id, upstream, token, now, now],
    );
  try {
    // That version had no sealed secrets: no canary table and no key file.
    await store.run('DROP TABLE ferry_secrets');
    await store.run("DELETE FROM ferry_migrations WHERE owner = 'ferry.secrets'");
    for (const [name, auth] of connections) {
      await store.run("INSERT INTO cluster_connections (name, spec, info, source, updated_at) VALUES (?, ?, NULL, 'api', ?)", [name, spec(name, auth), now]);
    }
    await remote('0000000000000001', S.influx);
    // Long enough to end in an overflow page, which goes to the free list when the row is deleted.
    await remote('0000000000000002', `${'x'.repeat(60_000)}${S.deleted}`);
    await store.run('DELETE FROM influx_remotes WHERE id = ?', ['0000000000000002']);
  } finally {
    await store.close();
  }
  rmSync(join(dataDir, 'secret.key'));
  return '0000000000000001';
}
const basic = (user: string, pw: string) => `Basic ${Buffer.from(`${user}:${pw}`).toString('base64')}`;

async function send(ferry: Ferry, method: string, path: string, body?: unknown): Promise<{ status: number; text: string; json: any }> {
  const text = typeof body === 'string';
  const headers = { 'content-type': text ? 'text/plain' : 'application/json' };
  const res = await fetch(`${ferry.url}${path}`, { method, headers, body: body === undefined || text ? (body as string | undefined) : JSON.stringify(body) });
  const answer = await res.text();
  return { status: res.status, text: answer, json: answer ? JSON.parse(answer) : undefined };
}

/** What each connection sends when the gateway probes them all (`GET /_remote/info`). */
async function probeAll(ferry: Ferry, up: RecordingUpstream): Promise<string[]> {
  up.seen.length = 0;
  const info = await send(ferry, 'GET', '/_remote/info');
  expect(info.status).toBe(200);
  return [...up.seen].sort();
}

/** Replicates one point to the upstream and resolves with what it sent as Authorization. */
async function replicateOnce(ferry: Ferry, up: RecordingUpstream, remoteID: string, orgID: string): Promise<void> {
  const bucketID = (await send(ferry, 'GET', `/api/v2/buckets?orgID=${orgID}&name=b`)).json.buckets[0].id;
  const name = `r-${randomBytes(3).toString('hex')}`;
  const rep = await send(ferry, 'POST', '/api/v2/replications', { orgID, name, remoteID, localBucketID: bucketID, remoteBucketName: 'target', maxAgeSeconds: 60 });
  expect(rep.status).toBe(201);
  up.seen.length = 0;
  expect((await send(ferry, 'POST', '/api/v2/write?org=acme&bucket=b', 'm,t=a value=1 1000')).status).toBe(204);
  for (let i = 0; i < 200 && !up.seen.includes(`Token ${S.influx}`); i++) await new Promise((r) => setTimeout(r, 50));
  expect(up.seen).toContain(`Token ${S.influx}`);
  expect((await send(ferry, 'DELETE', `/api/v2/replications/${rep.json.id}`)).status).toBe(204);
}

describe('secrets at rest', () => {
  let up: RecordingUpstream;
  let dataDir: string;
  let ferry: Ferry | undefined;
  const config = () => ({
    dataDir,
    server: { port: 0 },
    log: { level: 'silent' },
    influx: { org: 'acme', bucket: 'b', minMaxAgeSeconds: 1, maxBackoffMs: 300 },
    // From the config file, stored at boot: a URL with a password in it (raw HTTP sends no URL credentials).
    clusters: { connections: { 'cfg-url': { url: up.url.replace('//', `//u:${S.url}@`) } } },
  });
  const start = async () => (ferry = await startFerry(config(), { version: '0.0.0' }));
  const stop = async () => {
    await ferry?.stop();
    ferry = undefined;
  };
  const expected = ['', basic('elastic', S.basic), basic('ccr', S.ccr), `ApiKey ${S.apiKey}`, `Bearer ${S.bearer}`].sort();

  beforeAll(async () => {
    up = await startRecordingUpstream();
  });
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'ferry-secrets-'));
  });
  afterEach(async () => {
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  afterAll(() => up.close());

  it('the scan finds a secret in any of its forms', () => {
    writeFileSync(join(dataDir, 'a'), Buffer.concat([Buffer.from('x'), Buffer.from(S.basic, 'utf16le')]));
    writeFileSync(join(dataDir, 'b'), Buffer.from(`Basic ${Buffer.from(S.ccr).toString('base64')}`));
    expect(findSecrets(dataDir, ALL)).toEqual([`${join(dataDir, 'a')}: utf16 of secret #0`, `${join(dataDir, 'b')}: base64 of secret #3`]);
  });

  it('keeps every configured secret out of the data dir, opens them after a restart, and rotates the key', async () => {
    await start();
    const connect = (body: object) => send(ferry!, 'POST', '/api/clusters/_connect', { url: up.url, ...body });
    expect((await connect({ name: 'hq-basic', username: 'elastic', password: S.basic })).status).toBe(201);
    expect((await connect({ name: 'hq-key', auth: { type: 'apiKey', apiKey: S.apiKey } })).status).toBe(201);
    expect((await connect({ name: 'hq-bearer', auth: { type: 'bearer', token: S.bearer } })).status).toBe(201);
    const remote = { leader: { seeds: ['127.0.0.1:9300'], ferry: { url: up.url, username: 'ccr', password: S.ccr } } };
    const put = await send(ferry!, 'PUT', '/_cluster/settings', { persistent: { cluster: { remote } } });
    expect(put.status).toBe(200);
    const orgID = (await send(ferry!, 'GET', '/api/v2/orgs?org=acme')).json.orgs[0].id;
    const created = await send(ferry!, 'POST', '/api/v2/remotes', { orgID, name: 'up', remoteURL: up.url, remoteAPIToken: S.influx, allowInsecureTLS: false });
    expect(created.status).toBe(201);
    expect(await probeAll(ferry!, up)).toEqual(expected);
    await replicateOnce(ferry!, up, created.json.id, orgID);
    for (const answer of [put.text, created.text, (await send(ferry!, 'GET', `/api/v2/remotes?orgID=${orgID}`)).text, (await send(ferry!, 'GET', '/api/clusters')).text]) {
      for (const s of ALL) expect(answer).not.toContain(s);
    }
    await stop();
    expect(findSecrets(dataDir, ALL, ['secret.key'])).toEqual([]);

    await start();
    expect(await probeAll(ferry!, up)).toEqual(expected);
    await replicateOnce(ferry!, up, created.json.id, orgID);
    await expect(main(['node', 'ferry', 'secrets', 'rotate', '-d', dataDir])).rejects.toThrow(/is in use by another process \(is the gateway running\?\)/);
    await stop();
    expect(findSecrets(dataDir, ALL, ['secret.key'])).toEqual([]);

    const oldKey = readFileSync(join(dataDir, 'secret.key'), 'utf8');
    const out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await main(['node', 'ferry', 'secrets', 'rotate', '-d', dataDir]);
      expect(String(out.mock.calls[0][0])).toMatch(/^re-encrypted 7 sealed values with key [0-9a-f]{8}; .*secret\.key now holds it\n$/);
    } finally {
      out.mockRestore();
    }
    expect(readFileSync(join(dataDir, 'secret.key'), 'utf8')).not.toBe(oldKey);
    const store = openSqliteStore({ path: join(dataDir, 'ferry.db') });
    try {
      await expect(openSecretBox({ store, dataDir, key: oldKey })).rejects.toThrow('the secret key does not open the stored secrets');
    } finally {
      await store.close();
    }
    await start();
    expect(await probeAll(ferry!, up)).toEqual(expected);
    await replicateOnce(ferry!, up, created.json.id, orgID);
  }, 60_000);

  it('stops `ferry serve` with a message, not a stack, when FERRY_SECRET_KEY is wrong', async () => {
    await start();
    await stop();
    const saved = process.env.FERRY_SECRET_KEY;
    const serve = () => main(['node', 'ferry', 'serve', '-d', dataDir, '-p', '0', '-l', 'silent']);
    try {
      process.env.FERRY_SECRET_KEY = randomBytes(32).toString('base64');
      await expect(serve()).rejects.toThrow(/^the secret key does not open the stored secrets; set FERRY_SECRET_KEY to the key used before$/);
      process.env.FERRY_SECRET_KEY = Buffer.from('short').toString('base64');
      await expect(serve()).rejects.toThrow(/^FERRY_SECRET_KEY must be 32 bytes \(44 base64 or 64 hex characters\), got 5 bytes$/);
    } finally {
      if (saved === undefined) delete process.env.FERRY_SECRET_KEY;
      else process.env.FERRY_SECRET_KEY = saved;
    }
  });

  it('seals the plaintext secrets of a data dir written before, purges them from the files, and still uses them', async () => {
    await start();
    const orgID = (await send(ferry!, 'GET', '/api/v2/orgs?org=acme')).json.orgs[0].id;
    await stop();
    const remoteID = await writePlaintextRows(dataDir, up.url, orgID);
    expect(findSecrets(dataDir, ALL, ['secret.key'])).toEqual(expect.arrayContaining([expect.stringContaining('utf8 of secret #5')]));

    await start();
    expect(await probeAll(ferry!, up)).toEqual(expected);
    await replicateOnce(ferry!, up, remoteID, orgID);
    await stop();
    expect(findSecrets(dataDir, ALL, ['secret.key'])).toEqual([]);
    const store = openSqliteStore({ path: join(dataDir, 'ferry.db') });
    try {
      const specs = await store.all<{ spec: string }>("SELECT spec FROM cluster_connections WHERE name <> 'local'");
      expect(specs.map((r) => JSON.parse(r.spec).auth)).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'basic', password: expect.stringMatching(/^fsec:v1:/) })]));
      expect((await store.get<{ t: string }>('SELECT remote_api_token AS t FROM influx_remotes'))?.t).toMatch(/^fsec:v1:/);
    } finally {
      await store.close();
    }
    // Started again, nothing is left to seal and nothing changes.
    await start();
    expect(await probeAll(ferry!, up)).toEqual(expected);
  }, 60_000);
});
