import { rotateSecretKey } from '@ferry/core';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig, type CliOverrides } from '../config/load-config';

/** Options of `ferry secrets rotate`. */
export interface RotateCommandOptions extends Pick<CliOverrides, 'dataDir' | 'config' | 'store'> {
  /** A file holding the new key (base64 or hex), instead of FERRY_SECRET_KEY_NEW or a generated one. */
  newKeyFile?: string;
}

/**
 * `ferry secrets rotate`: re-encrypts the stored secrets of a stopped gateway with a new key. Reads
 * FERRY_SECRET_KEY (current key, else the data dir's key file) and FERRY_SECRET_KEY_NEW; returns the line
 * to print, which never holds a key.
 */
export async function rotateCommand(options: RotateCommandOptions, env: NodeJS.ProcessEnv): Promise<string> {
  const raw = loadConfig({ env, overrides: { dataDir: options.dataDir, config: options.config, store: options.store } });
  const dataDir = resolve(typeof raw.dataDir === 'string' ? raw.dataDir : './data');
  const newKey = options.newKeyFile ? readFileSync(options.newKeyFile, 'utf8') : env.FERRY_SECRET_KEY_NEW || undefined;
  const store = (raw.store ?? {}) as { kind?: string; url?: string };
  const storeUrl = store.kind === 'postgres' ? store.url : undefined;
  const result = await rotateSecretKey({ dataDir, key: env.FERRY_SECRET_KEY || undefined, newKey, storeUrl });
  const where = result.keyFile ? `${resolve(dataDir, 'secret.key')} now holds it` : 'set FERRY_SECRET_KEY to the new key before starting the gateway';
  return `re-encrypted ${result.resealed} sealed values with key ${result.keyId}; ${where}\n`;
}
