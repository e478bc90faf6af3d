import type { InjectionToken } from 'tsyringe';
import type { Registry } from 'prom-client';
import type { Logger } from './logging/logger';
import type { Store } from './store/store';
import type { GatewayConfig } from './config/config';
import type { SecretBox } from './secrets/secret-box';
import type { FlowBoard } from './flows/flow-board';
import type { Coordinator } from './coordination/coordinator';

/** Something that tells the time; tests may supply their own. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** Root services every plugin container can resolve. */
export const TOKENS = {
  /** pino Logger; a plugin's container holds a child logger labelled with the plugin id. */
  logger: Symbol('ferry.logger') as InjectionToken<Logger>,
  /** prom-client Registry served on /_gateway/metrics. */
  metrics: Symbol('ferry.metrics') as InjectionToken<Registry>,
  /** The metadata store. */
  store: Symbol('ferry.store') as InjectionToken<Store>,
  /** The clock. */
  clock: Symbol('ferry.clock') as InjectionToken<Clock>,
  /** The whole, validated gateway config. */
  config: Symbol('ferry.config') as InjectionToken<GatewayConfig>,
  /** In a plugin container: that plugin's validated config section. */
  pluginConfig: Symbol('ferry.pluginConfig') as InjectionToken<unknown>,
  /** The absolute data directory. */
  dataDir: Symbol('ferry.dataDir') as InjectionToken<string>,
  /** Seals secrets before they are stored and opens them where they are used. */
  secrets: Symbol('ferry.secrets') as InjectionToken<SecretBox>,
  /** In a gateway built by `createGateway`: the flows board and its history ring. */
  flows: Symbol('ferry.flows') as InjectionToken<FlowBoard>,
  /** Who runs which work item (local on SQLite; leases in PostgreSQL on a shared store). */
  coordinator: Symbol('ferry.coordinator') as InjectionToken<Coordinator>,
} as const;

/** The system clock. */
export const systemClock: Clock = { now: () => Date.now() };
