import { Registry } from 'prom-client';
import { container as globalContainer, type DependencyContainer } from 'tsyringe';
import { parseGatewayConfig } from '../config/config';
import { createLogger, type Logger } from '../logging/logger';
import type { SecretBox } from '../secrets/secret-box';
import type { Store } from '../store/store';
import type { Coordinator } from '../coordination/coordinator';
import { LocalCoordinator } from '../coordination/local-coordinator';
import { systemClock, TOKENS, type Clock } from '../tokens';

/** What a host application provides when it mounts plugins itself. */
export interface RootContainerOptions {
  store: Store;
  /** The whole config (gateway sections optional); plugins read their own sections. */
  config?: Record<string, unknown>;
  logger?: Logger;
  metrics?: Registry;
  clock?: Clock;
  /** Seals stored secrets (`openSecretBox`); plugins that keep secrets need it. */
  secrets?: SecretBox;
  /** Where plugins may keep files; defaults to config.dataDir. */
  dataDir?: string;
  /** Who runs which work item; default a {@link LocalCoordinator} (one node). The host starts and stops it. */
  coordinator?: Coordinator;
}

/** A root container holding the services every plugin expects, from what the host provides. */
export function createRootContainer(options: RootContainerOptions): DependencyContainer {
  const config = parseGatewayConfig(options.config ?? {});
  const container = globalContainer.createChildContainer();
  container.register(TOKENS.store, { useValue: options.store });
  container.register(TOKENS.logger, { useValue: options.logger ?? createLogger({ level: config.log.level }) });
  container.register(TOKENS.metrics, { useValue: options.metrics ?? new Registry() });
  container.register(TOKENS.clock, { useValue: options.clock ?? systemClock });
  container.register(TOKENS.config, { useValue: config });
  container.register(TOKENS.dataDir, { useValue: options.dataDir ?? config.dataDir });
  if (options.secrets) container.register(TOKENS.secrets, { useValue: options.secrets });
  const logger = container.resolve(TOKENS.logger);
  container.register(TOKENS.coordinator, { useValue: options.coordinator ?? new LocalCoordinator({ logger, metrics: container.resolve(TOKENS.metrics) }) });
  return container;
}
