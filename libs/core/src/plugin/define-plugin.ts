import type { Router } from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DependencyContainer } from 'tsyringe';
import type { ZodType } from 'zod';
import type { ErrorFormat } from '../errors/renderers';
import type { PluginExtensions } from '../extensions/extension-point';
import type { PluginLifecycle } from '../lifecycle/lifecycle';
import type { Logger } from '../logging/logger';
import type { OpenApiRegistry } from '../openapi/openapi';
import type { Migration } from '../store/store';

/** A plugin's answer to "are you well?". */
export interface HealthReport {
  status: 'ok' | 'degraded' | 'down';
  details?: Record<string, unknown>;
}

/** What `register` receives. */
export interface PluginContext<TConfig> {
  /** This plugin's child container; the root provides logger, metrics, store, clock, config, dataDir. */
  container: DependencyContainer;
  /** Mounted at every path of `mounts`; route params of a mount (`/:index/ingestion`) reach handlers. */
  router: Router;
  /** This plugin's validated config section. */
  config: TConfig;
  lifecycle: PluginLifecycle;
  openapi: OpenApiRegistry;
  extensions: PluginExtensions;
  /** Logger labelled with the plugin id. */
  logger: Logger;
  /** Largest body a route should accept, from the gateway config. */
  bodyLimitBytes: number;
  /**
   * Serves one of the plugin's literal mounts (e.g. `/api/proxy`) with a bare Node handler that the
   * gateway calls before Express. On a host's own Express app it is mounted as ordinary middleware.
   */
  raw(mount: string, handler: RawRouteHandler): void;
  /** Registers the plugin's health check, shown on /_gateway/health. */
  health(check: () => HealthReport | Promise<HealthReport>): void;
}

/** Authentication exceptions a plugin's API needs (the gateway's token check applies otherwise). */
export interface PluginAuthOptions {
  /** Paths answered to GET and HEAD without a token, e.g. `/health` and `/ping` as InfluxDB serves them (matched by segment). */
  publicPaths?: readonly string[];
  /** Query parameters that may carry the token, e.g. `p` for InfluxDB 1.x clients (`?u=&p=`). */
  tokenQueryParams?: readonly string[];
  /**
   * Paths whose POST only reads (a query API), so a viewer may send it. Matched segment by segment, never
   * on the query string: `/api/query/*` is `/api/query` and everything below it; `:name` is one segment.
   */
  readOnlyPaths?: readonly string[];
}

/**
 * A route served on the bare Node request, before Express: for hot paths such as a proxy. `req.url` is
 * relative to the mount; the caller is already authenticated; `next(err)` or a throw renders `err`
 * in the plugin's envelope.
 */
export type RawRouteHandler = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

/** Everything that defines a plugin. */
export interface PluginDefinition<TConfig = unknown> {
  /** Letters, digits and dashes, starting with a letter; also the plugin's config section. */
  id: string;
  /** Path prefixes fixed by the external API, e.g. `/_plugins/_replication` or `/:index/ingestion`. */
  mounts: readonly string[];
  /** The envelope errors under these mounts are rendered in. */
  errorFormat: ErrorFormat;
  /** How callers of this plugin's routes may authenticate, beyond the gateway's defaults. */
  auth?: PluginAuthOptions;
  /** zod schema of the plugin's config section (missing section = `{}` before defaults). */
  configSchema?: ZodType<TConfig>;
  /** The plugin's own tables. */
  migrations?: readonly Migration[];
  register(ctx: PluginContext<TConfig>): void | Promise<void>;
}

/** A plugin, ready to be listed by a gateway. */
export interface FerryPlugin<TConfig = unknown> extends PluginDefinition<TConfig> {
  readonly kind: 'ferry-plugin';
}

const ID_PATTERN = /^[a-z][a-z0-9-]*$/;

/** Declares a plugin. Mistakes in the definition itself fail here, naming the plugin. */
export function definePlugin<TConfig = unknown>(definition: PluginDefinition<TConfig>): FerryPlugin<TConfig> {
  if (!ID_PATTERN.test(definition.id)) {
    throw new Error(`plugin id '${definition.id}' is invalid: use lowercase letters, digits and dashes, starting with a letter`);
  }
  if (typeof definition.register !== 'function') {
    throw new Error(`plugin '${definition.id}' has no register function`);
  }
  for (const mount of definition.mounts) {
    if (!mount.startsWith('/') || (mount.length > 1 && mount.endsWith('/'))) {
      throw new Error(`plugin '${definition.id}': mount '${mount}' must start with '/' and not end with '/'`);
    }
  }
  return Object.freeze({ ...definition, kind: 'ferry-plugin' as const });
}
