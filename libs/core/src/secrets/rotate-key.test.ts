import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storeFixture } from '../../../../tools/peers/store-engines';
import { openSqliteStore } from '../store/sqlite-store';
import { openSecretBox } from './open-secrets';
import { rotateSecretKey } from './rotate-key';
import { createSecretBox, secretContext } from './secret-box';
import { parseSecretKey, replaceKeyFile } from './secret-key';

const ctx = (id: string) => secretContext('things', 'doc', id);

describe('rotateSecretKey', () => {
  let dataDir: string;
  const db = () => openSqliteStore({ path: join(dataDir, 'ferry.db') });
  const keyFile = () => join(dataDir, 'secret.key');
  const readKey = (path = keyFile()) => parseSecretKey(readFileSync(path, 'utf8'), path);

  /** A store holding one whole sealed cell and two sealed values inside JSON, as plugins keep them. */
  async function seed(key?: string): Promise<void> {
    const store = db();
    try {
      const box = await openSecretBox({ store, dataDir, key });
      await store.run('CREATE TABLE things (id TEXT PRIMARY KEY, token TEXT, doc TEXT)');
      const doc = JSON.stringify({ a: box.seal('alpha', ctx('1')), b: box.seal('beta', ctx('1')) });
      await store.run('INSERT INTO things VALUES (?, ?, ?)', ['1', box.seal('gamma', secretContext('things', 'token', '1')), doc]);
    } finally {
      await store.close();
    }
  }

  async function openAll(key?: string): Promise<string[]> {
    const store = db();
    try {
      const box = await openSecretBox({ store, dataDir, key });
      const row = (await store.get<{ token: string; doc: string }>('SELECT token, doc FROM things'))!;
      const doc = JSON.parse(row.doc);
      return [box.open(row.token, secretContext('things', 'token', '1')), box.open(doc.a, ctx('1')), box.open(doc.b, ctx('1'))];
    } finally {
      await store.close();
    }
  }

  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'ferry-rotate-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('re-encrypts everything with a new key file; the old key no longer opens', async () => {
    await seed();
    const before = readKey();
    const result = await rotateSecretKey({ dataDir });
    expect(result).toEqual({ resealed: 4, keyId: createSecretBox({ current: readKey() }).keyId, keyFile: true });
    expect(readKey().equals(before)).toBe(false);
    expect(existsSync(`${keyFile()}.old`)).toBe(false);
    expect(await openAll()).toEqual(['gamma', 'alpha', 'beta']);
    await expect(openAll(before.toString('base64'))).rejects.toThrow('the secret key does not open the stored secrets');
  });

  it('boots and rotates again after a crash between writing the new key and committing', async () => {
    await seed();
    const before = readKey();
    // The state a crash leaves after the key files were swapped, before the transaction committed.
    replaceKeyFile(`${keyFile()}.old`, before);
    replaceKeyFile(keyFile(), randomBytes(32));
    expect(await openAll()).toEqual(['gamma', 'alpha', 'beta']);
    await rotateSecretKey({ dataDir });
    expect(existsSync(`${keyFile()}.old`)).toBe(false);
    expect(await openAll()).toEqual(['gamma', 'alpha', 'beta']);
  });

  it('with FERRY_SECRET_KEY, needs the new key and writes no key file', async () => {
    const key = randomBytes(32).toString('base64');
    const next = randomBytes(32).toString('hex');
    await seed(key);
    await expect(rotateSecretKey({ dataDir, key })).rejects.toThrow('give the new key in FERRY_SECRET_KEY_NEW or --new-key-file');
    await expect(rotateSecretKey({ dataDir, key, newKey: key })).rejects.toThrow('the new key is the current key');
    expect(await rotateSecretKey({ dataDir, key, newKey: next })).toMatchObject({ resealed: 4, keyFile: false });
    expect(existsSync(keyFile())).toBe(false);
    expect(await openAll(next)).toEqual(['gamma', 'alpha', 'beta']);
    await expect(openAll(key)).rejects.toThrow('the secret key does not open the stored secrets');
  });

  it('changes nothing when one value does not open, naming its place only', async () => {
    await seed();
    const before = readFileSync(keyFile(), 'utf8');
    const store = db();
    const alien = createSecretBox({ current: randomBytes(32) }).seal('delta', ctx('2'));
    await store.run('INSERT INTO things VALUES (?, NULL, ?)', ['2', alien]);
    await store.close();
    await expect(rotateSecretKey({ dataDir })).rejects.toThrow(/^cannot open the secret stored in things\.doc\/2: it was sealed with key [0-9a-f]{8}, which is not configured$/);
    expect(readFileSync(keyFile(), 'utf8')).toBe(before);
    expect(existsSync(`${keyFile()}.old`)).toBe(false);
    expect(await openAll()).toEqual(['gamma', 'alpha', 'beta']);
  });

  it('refuses while the store is open elsewhere', async () => {
    await seed();
    const store = db();
    await store.get('SELECT 1');
    try {
      await expect(rotateSecretKey({ dataDir })).rejects.toThrow('is in use by another process (is the gateway running?)');
    } finally {
      await store.close();
    }
    await rotateSecretKey({ dataDir });
  });
});

describe('rotateSecretKey on a PostgreSQL store', () => {
  const fixture = storeFixture('postgres');
  let dataDir: string;
  beforeAll(() => (dataDir = mkdtempSync(join(tmpdir(), 'ferry-rotate-'))));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const place = (id: string, n: number) => secretContext('pg_things', 'doc', [id, String(n)]);

  it('re-encrypts sealed cells and values inside JSON, found through the catalog (composite keys, non-text columns skipped)', async () => {
    const store = await fixture.open();
    const box = await openSecretBox({ store, dataDir });
    await store.run('CREATE TABLE pg_things (id TEXT NOT NULL, n BIGINT NOT NULL, size BIGINT, doc TEXT, PRIMARY KEY (id, n))');
    await store.run('INSERT INTO pg_things VALUES (?, ?, ?, ?)', ['a', 7, 42, JSON.stringify({ s: box.seal('alpha', place('a', 7)) })]);
    await store.run('INSERT INTO pg_things VALUES (?, ?, ?, ?)', ['a', 8, 1, box.seal('beta', place('a', 8))]);
    await store.close();
    const before = readFileSync(join(dataDir, 'secret.key'), 'utf8');

    // ferry_secrets' canary and the two values.
    expect(await rotateSecretKey({ dataDir, storeUrl: fixture.url })).toMatchObject({ resealed: 3, keyFile: true });

    const after = await fixture.open();
    const opened = await openSecretBox({ store: after, dataDir });
    const rows = await after.all<{ n: number; doc: string }>('SELECT n, doc FROM pg_things ORDER BY n');
    expect([opened.open(JSON.parse(rows[0].doc).s, place('a', 7)), opened.open(rows[1].doc, place('a', 8))]).toEqual(['alpha', 'beta']);
    await expect(openSecretBox({ store: after, dataDir, key: before })).rejects.toThrow('the secret key does not open the stored secrets');
  });
});
