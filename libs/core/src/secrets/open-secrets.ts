import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from '../store/store';
import { createSecretBox, secretContext, type SecretBox } from './secret-box';
import { createKeyFile, KEY_FILES, parseSecretKey, readKeyFile } from './secret-key';

/** Options of {@link openSecretBox}. */
export interface OpenSecretBoxOptions {
  store: Store;
  /** Where `secret.key` is kept when no key is given. */
  dataDir: string;
  /** The key (FERRY_SECRET_KEY: 32 bytes, base64 or hex); without it the data dir's key file is used. */
  key?: string;
}

/** Thrown at boot when the configured key does not open what the store holds. */
export class SecretKeyMismatchError extends Error {
  constructor(detail = '') {
    super(`the secret key does not open the stored secrets; set FERRY_SECRET_KEY to the key used before${detail}`);
    this.name = 'SecretKeyMismatchError';
  }
}

const CANARY = secretContext('ferry_secrets', 'value', 'canary');

/** The core's own table: a canary sealed with the key, so that a wrong key is told at boot, not at first use. */
export const secretMigrations = [
  { version: 1, name: 'ferry_secrets', up: 'CREATE TABLE ferry_secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL)' },
];

/** The keys of a data dir: the given one or `secret.key` (created if `create`), plus `secret.key.old` if present. */
export function loadSecretKeys(options: { dataDir: string; key?: string; create: boolean }): { current: Buffer; previous: Buffer[] } | undefined {
  const file = join(options.dataDir, KEY_FILES.current);
  const old = join(options.dataDir, KEY_FILES.old);
  const previous = existsSync(old) ? [readKeyFile(old)] : [];
  if (options.key !== undefined) return { current: parseSecretKey(options.key, 'FERRY_SECRET_KEY'), previous };
  if (existsSync(file)) return { current: readKeyFile(file), previous };
  return options.create ? { current: createKeyFile(file), previous } : undefined;
}

/** Checks that `box` opens the store's canary, sealing one first if there is none. */
export async function checkCanary(store: Store, box: SecretBox): Promise<void> {
  const row = await store.get<{ value: string }>('SELECT value FROM ferry_secrets WHERE name = ?', ['canary']);
  if (!row) {
    await store.run('INSERT INTO ferry_secrets (name, value) VALUES (?, ?)', ['canary', box.seal('ferry', CANARY)]);
    return;
  }
  try {
    box.open(row.value, CANARY);
  } catch {
    throw new SecretKeyMismatchError();
  }
}

/**
 * Opens the secret box of a gateway: key from `key` or the data dir's `secret.key` (created with mode 0600
 * on first start), checked against the canary in the store.
 */
export async function openSecretBox(options: OpenSecretBoxOptions): Promise<SecretBox> {
  await options.store.migrate('ferry.secrets', secretMigrations);
  const sealedBefore = await options.store.get('SELECT 1 AS x FROM ferry_secrets WHERE name = ?', ['canary']);
  // With secrets already sealed, a missing key file is a lost key, not a first start: never make a new one.
  const keys = loadSecretKeys({ dataDir: options.dataDir, key: options.key, create: !sealedBefore });
  if (!keys) throw new SecretKeyMismatchError(`, or restore ${join(options.dataDir, KEY_FILES.current)}`);
  const box = createSecretBox(keys);
  await checkCanary(options.store, box);
  return box;
}

/**
 * After plaintext secrets were sealed in place: rewrites the SQLite file so that no freed page keeps the
 * old bytes (VACUUM), then empties the WAL (checkpoint TRUNCATE). No-op on PostgreSQL: plaintext secrets
 * only exist in SQLite files written before secrets were sealed (a PostgreSQL store is only ever written
 * by versions that seal on write), and PostgreSQL's freed tuples, WAL and backups are the operator's.
 */
export async function purgeFreedPages(store: Store): Promise<void> {
  if (store.dialect !== 'sqlite') return;
  await store.run('VACUUM');
  await store.run('PRAGMA wal_checkpoint(TRUNCATE)');
}
