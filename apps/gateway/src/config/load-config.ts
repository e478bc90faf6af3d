import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';

/** Settings given on the command line; they win over the environment, which wins over the file. */
export interface CliOverrides {
  port?: number;
  host?: string;
  dataDir?: string;
  config?: string;
  logLevel?: string;
  /** The metadata store: `postgres://...` (a shared PostgreSQL) or `sqlite` (the data dir's file, the default). */
  store?: string;
  /** Extra embedded clusters to start, e.g. `leader`. */
  withCluster?: string[];
}

type Json = Record<string, unknown>;

function readConfigFile(path: string): Json {
  const ext = extname(path).toLowerCase();
  try {
    const text = readFileSync(path, 'utf8');
    const parsed = ext === '.json' ? JSON.parse(text) : parseYaml(text);
    if (parsed === null || parsed === undefined) return {};
    if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('the top level must be a mapping');
    return parsed as Json;
  } catch (err) {
    throw new Error(`cannot read config file ${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
}

function section(config: Json, key: string): Json {
  const value = config[key];
  if (value && typeof value === 'object' && !Array.isArray(value)) return { ...(value as Json) };
  return {};
}

function parsePort(raw: string | undefined, from: string): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${from} must be a port number (0-65535), got '${raw}'`);
  return n;
}

/** The store section with `--store`/FERRY_STORE_URL applied; the message never repeats the value (it may hold a password). */
function storeSection(store: Json, value: string, from: string): Json {
  if (value === 'sqlite') {
    delete store.url;
    return { ...store, kind: 'sqlite' };
  }
  if (!/^postgres(ql)?:\/\//.test(value)) throw new Error(`${from} must be 'sqlite' or a postgres:// URL`);
  return { ...store, kind: 'postgres', url: value };
}

/** Builds the raw config: file (JSON or YAML), then FERRY_* variables, then flags. */
export function loadConfig(options: { env: NodeJS.ProcessEnv; overrides: CliOverrides }): Json {
  const { env, overrides } = options;
  const file = overrides.config ?? env.FERRY_CONFIG;
  const config: Json = file ? readConfigFile(file) : {};
  const server = section(config, 'server');
  const log = section(config, 'log');
  const port = overrides.port ?? parsePort(env.FERRY_PORT, 'FERRY_PORT');
  if (port !== undefined) server.port = port;
  const host = overrides.host ?? env.FERRY_HOST;
  if (host) server.host = host;
  const dataDir = overrides.dataDir ?? env.FERRY_DATA_DIR;
  if (dataDir) config.dataDir = dataDir;
  const level = overrides.logLevel ?? env.FERRY_LOG_LEVEL;
  if (level) log.level = level;
  const store = overrides.store ?? env.FERRY_STORE_URL;
  if (store) config.store = storeSection(section(config, 'store'), store, overrides.store !== undefined ? '--store' : 'FERRY_STORE_URL');
  config.server = server;
  config.log = log;
  if (overrides.withCluster?.length) {
    const embedded = section(config, 'embedded');
    // As compose's default: no embedded local cluster when the local one is reached by URL.
    const clusters = section(config, 'clusters');
    const localName = typeof clusters.local === 'string' ? clusters.local : 'local';
    const connections = (clusters.connections ?? {}) as Json;
    const list = Array.isArray(embedded.clusters) ? [...embedded.clusters] : connections[localName] !== undefined ? [] : [{ name: localName }];
    for (const name of overrides.withCluster) if (!list.some((c) => (c as Json).name === name)) list.push({ name });
    embedded.clusters = list;
    config.embedded = embedded;
  }
  return config;
}
