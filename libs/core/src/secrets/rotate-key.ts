import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openPostgresStore } from '../store/postgres-store';
import { openSqliteStore } from '../store/sqlite-store';
import type { Store } from '../store/store';
import { checkCanary, loadSecretKeys, purgeFreedPages, secretMigrations } from './open-secrets';
import { resealAll } from './reseal-all';
import { createSecretBox, secretKeyId, type SecretBox } from './secret-box';
import { KEY_FILES, parseSecretKey, removeKeyFile, replaceKeyFile } from './secret-key';

/** Options of {@link rotateSecretKey}. */
export interface RotateSecretKeyOptions {
  /** The gateway's data dir (holding `ferry.db`); the gateway must be stopped. */
  dataDir: string;
  /** The current key when it is given by FERRY_SECRET_KEY rather than the key file. */
  key?: string;
  /** The new key (FERRY_SECRET_KEY_NEW or a file); generated when omitted, which needs the key file. */
  newKey?: string;
  /** A PostgreSQL store (`postgres://...`) instead of the data dir's `ferry.db`; every gateway on it must be stopped. */
  storeUrl?: string;
}

/** What {@link rotateSecretKey} did. */
export interface RotateSecretKeyResult {
  /** How many sealed values were re-encrypted. */
  resealed: number;
  /** Id of the key now sealing them. */
  keyId: string;
  /** Whether the new key was written to `secret.key` (else the caller sets FERRY_SECRET_KEY to it). */
  keyFile: boolean;
}

async function resealWith(store: Store, box: SecretBox): Promise<number> {
  return store.transaction((tx) => resealAll(tx, box, store.dialect));
}

/** The stopped gateway's store, for this process alone where the engine can say so (SQLite). */
async function openForRotation(options: RotateSecretKeyOptions): Promise<Store> {
  // PostgreSQL cannot tell whether a gateway is still using the database: the caller stops them all.
  // The reseal runs in one transaction, so a gateway still running sees either all old or all new values.
  if (options.storeUrl) return openPostgresStore({ url: options.storeUrl, pool: 1 });
  const dbPath = join(options.dataDir, 'ferry.db');
  if (!existsSync(dbPath)) throw new Error(`there is no ${dbPath}: nothing to rotate`);
  return openSqliteStore({ path: dbPath, exclusive: true });
}

function newKeyOf(options: RotateSecretKeyOptions, current: Buffer): Buffer {
  if (options.key !== undefined && options.newKey === undefined) {
    throw new Error('with FERRY_SECRET_KEY set, give the new key in FERRY_SECRET_KEY_NEW or --new-key-file');
  }
  const next = options.newKey === undefined ? randomBytes(32) : parseSecretKey(options.newKey, 'the new key');
  if (next.equals(current)) throw new Error('the new key is the current key');
  return next;
}

/**
 * Re-encrypts every sealed value of a stopped gateway's store (SQLite in the data dir, or PostgreSQL at
 * `storeUrl` with every gateway on it stopped) with a new key, in one transaction.
 * With the key file: the current key is first kept as `secret.key.old` and the new one written to
 * `secret.key`, both atomically, so that a crash at any point leaves keys that open the store (the
 * gateway opens with either); `secret.key.old` goes once the transaction has committed.
 */
export async function rotateSecretKey(options: RotateSecretKeyOptions): Promise<RotateSecretKeyResult> {
  const store = await openForRotation(options);
  try {
    await store.migrate('ferry.secrets', secretMigrations);
    const keys = loadSecretKeys({ dataDir: options.dataDir, key: options.key, create: false });
    if (!keys) throw new Error(`there is no ${join(options.dataDir, KEY_FILES.current)} and FERRY_SECRET_KEY is not set`);
    const before = createSecretBox(keys);
    await checkCanary(store, before);
    const next = newKeyOf(options, keys.current);
    const keyFile = options.key === undefined;
    const file = join(options.dataDir, KEY_FILES.current);
    const old = join(options.dataDir, KEY_FILES.old);
    // Everything must open before a key file changes; this also finishes an interrupted rotation, so that
    // secret.key.old may be overwritten.
    await resealWith(store, before);
    if (keyFile) {
      replaceKeyFile(old, keys.current);
      replaceKeyFile(file, next);
    }
    const resealed = await resealWith(store, createSecretBox({ current: next, previous: [keys.current, ...keys.previous] }));
    await purgeFreedPages(store);
    if (keyFile) removeKeyFile(old);
    return { resealed, keyId: secretKeyId(next), keyFile };
  } finally {
    await store.close();
  }
}
