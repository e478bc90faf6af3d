import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, linkSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** File names of the key in the data dir. */
export const KEY_FILES = {
  /** The key that seals. */
  current: 'secret.key',
  /** The key before the last rotation, kept until the re-encryption has committed. */
  old: 'secret.key.old',
} as const;

/**
 * Reads a 32-byte key given as base64 (44 characters) or hex (64). The message names `source` and the
 * length, never the value.
 */
export function parseSecretKey(text: string, source: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : /^[A-Za-z0-9+/_-]+={0,2}$/.test(t) ? Buffer.from(t, 'base64') : undefined;
  if (!key) throw new Error(`${source} is not base64 or hex: give 32 random bytes, e.g. \`openssl rand -base64 32\``);
  if (key.length !== 32) throw new Error(`${source} must be 32 bytes (44 base64 or 64 hex characters), got ${key.length} bytes`);
  return key;
}

function syncDir(path: string): void {
  try {
    const fd = openSync(dirname(path), 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Not every platform can fsync a directory (Windows); the rename is still atomic.
  }
}

function writeTemp(path: string, key: Buffer): string {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, `${key.toString('base64')}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return tmp;
}

/** Reads a key file; refuses one that group or others may read (the key opens every stored secret). */
export function readKeyFile(path: string): Buffer {
  const mode = statSync(path).mode & 0o777;
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new Error(`${path} is readable by group or others (mode ${mode.toString(8)}): run \`chmod 600 ${path}\``);
  }
  return parseSecretKey(readFileSync(path, 'utf8'), path);
}

/**
 * Creates a key file with mode 0600 holding `key` (a new random key by default), atomically and never over
 * an existing one: if another process created it first, that key is read and returned instead.
 */
export function createKeyFile(path: string, key: Buffer = randomBytes(32)): Buffer {
  const tmp = writeTemp(path, key);
  try {
    linkSync(tmp, path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return readKeyFile(path);
    // A file system without hard links: an exclusive create still never overwrites.
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw err;
    copyIfAbsent(tmp, path);
    return readKeyFile(path);
  } finally {
    if (existsSync(tmp)) unlinkSync(tmp);
  }
  syncDir(path);
  return key;
}

function copyIfAbsent(tmp: string, path: string): void {
  try {
    writeFileSync(path, readFileSync(tmp), { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}

/** Writes `key` to `path` atomically (temporary file, fsync, rename), replacing what was there. */
export function replaceKeyFile(path: string, key: Buffer): void {
  renameSync(writeTemp(path, key), path);
  syncDir(path);
}

/** Removes a key file if present. */
export function removeKeyFile(path: string): void {
  if (!existsSync(path)) return;
  unlinkSync(path);
  syncDir(path);
}
