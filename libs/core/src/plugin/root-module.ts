import type { DependencyContainer } from 'tsyringe';
import type { ZodType } from 'zod';
import type { PluginExtensions } from '../extensions/extension-point';
import type { PluginLifecycle } from '../lifecycle/lifecycle';
import type { Logger } from '../logging/logger';
import type { Migration } from '../store/store';
import type { HealthReport } from './define-plugin';

/** What a root module's `register` receives: unlike a plugin, it writes into the root container. */
export interface RootModuleContext<TConfig> {
  /** The root container: what is registered here is visible to every plugin. */
  container: DependencyContainer;
  config: TConfig;
  lifecycle: PluginLifecycle;
  extensions: PluginExtensions;
  logger: Logger;
  health(check: () => HealthReport | Promise<HealthReport>): void;
}

/**
 * A root module provides shared services (the cluster registry, say) before any plugin registers.
 * It has no routes of its own.
 */
export interface RootModule<TConfig = unknown> {
  readonly kind: 'ferry-root-module';
  /** Also the config section it reads. */
  id: string;
  configSchema?: ZodType<TConfig>;
  migrations?: readonly Migration[];
  register(ctx: RootModuleContext<TConfig>): void | Promise<void>;
}

/** Declares a root module. */
export function defineRootModule<TConfig = unknown>(definition: Omit<RootModule<TConfig>, 'kind'>): RootModule<TConfig> {
  return Object.freeze({ ...definition, kind: 'ferry-root-module' as const });
}
