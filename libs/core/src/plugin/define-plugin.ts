import type { Router } from 'express';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { DependencyContainer } from 'tsyringe';
import type { Principal } from '../auth/tokens';
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
  /**
   * Runs `hook` with the gateway's HTTP server once `listen()` has built it, before it listens: for
   * protocols that live beside the mounts (a WebSocket upgrade, a socket.io path). Such requests bypass
   * the gateway's dispatch, so the hook authenticates them itself with `ctx.authenticate`. Stop what the
   * hook attached in a `lifecycle.onStop` hook. Never called when the plugins are mounted on a host's app.
   */
  onServer(hook: ServerHook): void;
}

/** What a {@link ServerHook} receives. */
export interface ServerHookContext {
  /** The gateway's node:http server, not yet listening. */
  server: Server;
  /**
   * Authenticates and authorizes a request the gateway does not dispatch (e.g. a handshake), with the
   * gateway's tokens and this plugin's auth options: throws the 401/403 `AppError` a route would answer.
   * Returns the caller, or undefined when auth is off. `tokenQueryParams` adds query parameters that may
   * carry the token for this request only.
   */
  authenticate(req: IncomingMessage, options?: { tokenQueryParams?: readonly string[] }): Principal | undefined;
}

/** Attaches a plugin's own listeners to the gateway's HTTP server. */
export type ServerHook = (ctx: ServerHookContext) => void;

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
