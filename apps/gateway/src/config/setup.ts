import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml, stringify as toYaml } from 'yaml';

/** What `ferry setup` writes into the config file. */
export interface SetupOptions {
  /** Config file to create or update (JSON or YAML by extension). */
  file: string;
  org: string;
  bucket?: string;
  /** Name of the token to create. */
  tokenName: string;
  role: 'viewer' | 'operator' | 'admin';
}

/** Result of {@link runSetup}: the new token is shown once, to the person who ran the command. */
export interface SetupResult {
  token?: string;
  created: boolean;
}

type Json = Record<string, unknown>;

const objectOr = (v: unknown): Json => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});

/**
 * Creates or updates a config file with an initial InfluxDB org and bucket and an API token (as
 * `influx setup` does); an existing token with the same name is kept, never printed again.
 */
export function runSetup(options: SetupOptions): SetupResult {
  const json = extname(options.file).toLowerCase() === '.json';
  const config = objectOr(existsSync(options.file) ? (json ? JSON.parse(readFileSync(options.file, 'utf8')) : parseYaml(readFileSync(options.file, 'utf8'))) : {});
  config.influx = { ...objectOr(config.influx), org: options.org, ...(options.bucket ? { bucket: options.bucket } : {}) };
  const auth = { ...objectOr(config.auth) };
  config.auth = auth;
  const tokens: Json[] = Array.isArray(auth.tokens) ? auth.tokens.map(objectOr) : [];
  let token: string | undefined;
  if (!tokens.some((t) => t.name === options.tokenName)) {
    token = randomBytes(32).toString('base64url');
    tokens.push({ name: options.tokenName, token, role: options.role });
  }
  auth.tokens = tokens;
  writeFileSync(options.file, json ? `${JSON.stringify(config, null, 2)}\n` : toYaml(config), { mode: 0o600 });
  return { token, created: token !== undefined };
}
