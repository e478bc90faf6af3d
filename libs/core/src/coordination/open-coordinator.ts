import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Registry } from 'prom-client';
import type { CoordinationConfig } from '../config/config';
import type { Logger } from '../logging/logger';
import type { Store } from '../store/store';
import type { Coordinator } from './coordinator';
import { LocalCoordinator } from './local-coordinator';
import { PostgresCoordinator } from './postgres-coordinator';

/** Options of {@link openCoordinator}. */
export interface OpenCoordinatorOptions {
  store: Store;
  /** The PostgreSQL store's URL (a shared store); the coordinator opens its own connections to it. */
  storeUrl?: string;
  config: CoordinationConfig;
  dataDir: string;
  logger: Logger;
  metrics: Registry;
  /** This node's address, asked at every heartbeat (it is known only once the gateway listens). */
  address: () => string;
}

/** This node's id: configured, or made once and kept in the data directory so a restart is the same node. */
export function nodeIdOf(config: CoordinationConfig, dataDir: string): string {
  if (config.nodeId) return config.nodeId;
  const file = join(dataDir, 'node-id');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const id = `node-${randomUUID().slice(0, 8)}`;
  writeFileSync(file, `${id}\n`, { mode: 0o644 });
  return id;
}

/** The coordinator for this store: leases in PostgreSQL on a shared store, the local one on SQLite. */
export function openCoordinator(options: OpenCoordinatorOptions): Coordinator {
  const nodeId = nodeIdOf(options.config, options.dataDir);
  const logger = options.logger.child({ component: 'coordination' });
  if (options.store.dialect !== 'postgres') return new LocalCoordinator({ logger, metrics: options.metrics, nodeId, address: options.address });
  if (!options.storeUrl) throw new Error('coordination: a PostgreSQL store needs its URL for the coordinator');
  const { leaseTtlMs: ttlMs, heartbeatMs, renewDeadlineMs } = options.config;
  return new PostgresCoordinator({ url: options.storeUrl, nodeId, address: options.address, logger, metrics: options.metrics, ttlMs, heartbeatMs, renewDeadlineMs });
}
