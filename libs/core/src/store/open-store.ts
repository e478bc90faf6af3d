import { resolve } from 'node:path';
import type { StoreConfig } from '../config/config';
import type { Logger } from '../logging/logger';
import { openPostgresStore } from './postgres-store';
import { openSqliteStore } from './sqlite-store';
import type { Store } from './store';
import { redactUrl } from './store-url';

/** Opens the store the config names: SQLite in the data dir, or PostgreSQL at `store.url`. */
export async function openConfiguredStore(config: StoreConfig, dataDir: string, logger: Logger): Promise<Store> {
  if (config.kind === 'sqlite') return openSqliteStore({ path: resolve(dataDir, 'ferry.db'), synchronous: config.synchronous });
  const url = config.url ?? '';
  const store = await openPostgresStore({
    url,
    pool: config.pool,
    onIdleError: (err) => logger.warn({ store: redactUrl(url), err: err.message }, 'a PostgreSQL store connection failed while idle'),
  });
  logger.info({ store: redactUrl(url), pool: config.pool }, 'metadata store: PostgreSQL');
  return store;
}

/** The store as /_gateway/info shows it: its kind and, for PostgreSQL, the URL without the password. */
export function describeStore(config: StoreConfig): { kind: StoreConfig['kind']; url?: string } {
  return config.kind === 'postgres' && config.url ? { kind: 'postgres', url: redactUrl(config.url) } : { kind: config.kind };
}
