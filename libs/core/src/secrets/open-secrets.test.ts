import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGateway } from '../http/create-gateway';
import { openSqliteStore } from '../store/sqlite-store';
import type { Store } from '../store/store';
import { openSecretBox } from './open-secrets';
import { secretContext } from './secret-box';

const here = secretContext('t', 'c', '1');
const posix = process.platform !== 'win32';

describe('openSecretBox', () => {
  let dataDir: string;
  let store: Store;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'ferry-secrets-'));
    store = openSqliteStore({ path: join(dataDir, 'ferry.db') });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates secret.key with mode 0600 on first start and keeps it', async () => {
    const box = await openSecretBox({ store, dataDir });
    const file = join(dataDir, 'secret.key');
    if (posix) expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    expect(Buffer.from(text.trim(), 'base64')).toHaveLength(32);
    const again = await openSecretBox({ store, dataDir });
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(again.open(box.seal('s3cret', here), here)).toBe('s3cret');
  });

  (posix ? it : it.skip)('refuses a key file that group or others may read', async () => {
    await openSecretBox({ store, dataDir });
    chmodSync(join(dataDir, 'secret.key'), 0o640);
    await expect(openSecretBox({ store, dataDir })).rejects.toThrow(/secret\.key is readable by group or others \(mode 640\): run `chmod 600/);
  });

  it('takes FERRY_SECRET_KEY instead of a file, and refuses another key later', async () => {
    const key = randomBytes(32).toString('base64');
    const box = await openSecretBox({ store, dataDir, key });
    expect(() => statSync(join(dataDir, 'secret.key'))).toThrow();
    const sealed = box.seal('s3cret', here);
    expect((await openSecretBox({ store, dataDir, key: Buffer.from(key, 'base64').toString('hex') })).open(sealed, here)).toBe('s3cret');
    const wrong = randomBytes(32).toString('base64');
    await expect(openSecretBox({ store, dataDir, key: wrong })).rejects.toThrow(
      /^the secret key does not open the stored secrets; set FERRY_SECRET_KEY to the key used before$/,
    );
    await expect(openSecretBox({ store, dataDir })).rejects.toThrow('the secret key does not open the stored secrets');
  });

  it('does not make a new key file when the one that sealed is gone', async () => {
    await openSecretBox({ store, dataDir });
    rmSync(join(dataDir, 'secret.key'));
    await expect(openSecretBox({ store, dataDir })).rejects.toThrow(/set FERRY_SECRET_KEY to the key used before, or restore .*secret\.key$/);
    expect(() => statSync(join(dataDir, 'secret.key'))).toThrow();
  });
});

describe('a gateway with the wrong secret key', () => {
  it('refuses to boot with a message, and a short key with its length', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ferry-secrets-'));
    const config = { dataDir, log: { level: 'silent' } };
    try {
      await (await createGateway({ config })).stop();
      const key = randomBytes(32).toString('base64');
      await expect(createGateway({ config, secretKey: key })).rejects.toThrow('the secret key does not open the stored secrets');
      await expect(createGateway({ config, secretKey: randomBytes(16).toString('hex') })).rejects.toThrow('FERRY_SECRET_KEY must be 32 bytes');
      // The store was closed each time: the data dir opens again.
      await (await createGateway({ config })).stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
