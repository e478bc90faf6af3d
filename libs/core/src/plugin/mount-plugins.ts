import express, { type IRouter, type NextFunction, type Request, type Response, type Router } from 'express';
import type { Server } from 'node:http';
import type { DependencyContainer } from 'tsyringe';
import type { ZodType } from 'zod';
import type { TokenAuthenticator } from '../auth/tokens';
import { checkPluginAccess } from '../auth/plugin-access';
import { formatIssues, RESERVED_SECTIONS } from '../config/config';
import { AppError, NotFoundError } from '../errors/app-error';
import { Extensions } from '../extensions/extension-point';
import { createErrorHandler } from '../http/error-handler';
import { stripInternalHeaders } from '../http/internal-headers';
import { Lifecycle } from '../lifecycle/lifecycle';
import type { Logger } from '../logging/logger';
import { createOpenApiRegistry, type OpenApiRegistry } from '../openapi/openapi';
import type { Store } from '../store/store';
import { TOKENS } from '../tokens';
import type { FerryPlugin, HealthReport, PluginAuthOptions, RawRouteHandler, ServerHook } from './define-plugin';
import { assertNoOverlap, parseMount, type MountPattern } from './mounts';
import type { RootModule } from './root-module';
import { allowedMethods } from './allowed-methods';

/** What the host gives {@link mountPlugins}. */
export interface MountPluginsOptions {
  /** Any Express app or router; each plugin is mounted on it at its mounts. */
  app: IRouter;
  plugins: readonly FerryPlugin[];
  /** Root modules registered (into `container`) before the plugins. */
  modules?: readonly RootModule[];
  /** The root container; must already hold TOKENS.logger, store, metrics, clock, config, dataDir. */
  container: DependencyContainer;
  /** The whole config object; each plugin reads the section named by its id. */
  config: Record<string, unknown>;
  /** Mounts the host keeps for itself (e.g. `/_gateway`), checked for overlaps too. */
  reservedMounts?: readonly string[];
  /** Checks tokens and roles on every plugin route when given. */
  authenticator?: TokenAuthenticator;
  /** Largest body a plugin route should accept. */
  bodyLimitBytes?: number;
  lifecycle?: Lifecycle;
  extensions?: Extensions;
  openapi?: OpenApiRegistry;
}

/** A raw route as the gateway dispatches it. */
export interface RawRoute {
  plugin: FerryPlugin;
  handler: RawRouteHandler;
  logger: Logger;
}

/** What the host keeps after mounting. */
export interface MountedPlugins {
  /** Raw routes by mount path, for a host that can dispatch before Express. */
  rawRoutes: Map<string, RawRoute>;
  lifecycle: Lifecycle;
  extensions: Extensions;
  openapi: OpenApiRegistry;
  mounts: MountPattern[];
  /** The plugins' `onServer` hooks, bound to their auth options: a host that owns the server calls each once. */
  serverHooks: ((server: Server) => void)[];
  /** Runs every health check; a check that throws counts as down. */
  health(): Promise<Record<string, HealthReport>>;
}

/** Validates the definitions as a set before anything is registered. */
function checkSet(plugins: readonly FerryPlugin[], modules: readonly RootModule[], reserved: readonly string[]): MountPattern[] {
  const seen = new Set<string>();
  for (const p of [...modules, ...plugins]) {
    if (seen.has(p.id)) throw new Error(`plugin id '${p.id}' is registered twice`);
    seen.add(p.id);
    if ((RESERVED_SECTIONS as readonly string[]).includes(p.id) && p.kind === 'ferry-plugin') {
      throw new Error(`plugin id '${p.id}' is reserved by the gateway`);
    }
  }
  const mounts = [
    ...reserved.map((m) => parseMount('gateway', m)),
    ...plugins.flatMap((p) => p.mounts.map((m) => parseMount(p.id, m))),
  ];
  assertNoOverlap(mounts);
  return mounts;
}

function parseSection<T>(id: string, schema: ZodType<T> | undefined, raw: unknown): T {
  if (!schema) return (raw ?? {}) as T;
  const result = schema.safeParse(raw ?? {});
  if (!result.success) throw new Error(`invalid config for plugin '${id}': ${formatIssues(id, result.error)}`);
  return result.data;
}

function authorize(authenticator: TokenAuthenticator | undefined, options?: PluginAuthOptions) {
  return (req: Request, _res: Response, next: NextFunction) => {
    // Also on a host's own Express app, which has no gateway edge in front of it.
    stripInternalHeaders(req);
    checkPluginAccess(authenticator, options, { method: req.method, url: req.originalUrl, headers: req.headers });
    next();
  };
}

function bindServerHook(hook: ServerHook, plugin: FerryPlugin, authenticator: TokenAuthenticator | undefined) {
  return (server: Server) =>
    hook({
      server,
      authenticate: (req, opts) => {
        const auth = { ...plugin.auth, tokenQueryParams: [...(plugin.auth?.tokenQueryParams ?? []), ...(opts?.tokenQueryParams ?? [])] };
        return checkPluginAccess(authenticator, auth, { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers });
      },
    });
}

/**
 * Registers root modules, then plugins, on any Express app: boot checks, config sections,
 * migrations, a child container and router per plugin, its error envelope and its auth.
 */
export async function mountPlugins(options: MountPluginsOptions): Promise<MountedPlugins> {
  const { app, plugins, container, config } = options;
  const modules = options.modules ?? [];
  const mounts = checkSet(plugins, modules, options.reservedMounts ?? []);
  const logger = container.resolve(TOKENS.logger);
  const store = container.resolve<Store>(TOKENS.store);
  const lifecycle = options.lifecycle ?? new Lifecycle(logger);
  const extensions = options.extensions ?? new Extensions();
  const openapi = options.openapi ?? createOpenApiRegistry();
  const checks: { id: string; check: () => HealthReport | Promise<HealthReport> }[] = [];
  const sections = new Map<string, unknown>();
  for (const unit of [...modules, ...plugins]) sections.set(unit.id, parseSection(unit.id, unit.configSchema, config[unit.id]));
  for (const unit of [...modules, ...plugins]) {
    if (!unit.migrations?.length) continue;
    try {
      await store.migrate(unit.id, unit.migrations);
    } catch (err) {
      throw new Error(`plugin '${unit.id}' failed to migrate: ${(err as Error).message}`, { cause: err });
    }
  }
  for (const m of modules) {
    await m.register({
      container,
      config: sections.get(m.id),
      lifecycle: lifecycle.forOwner(m.id),
      extensions: extensions.forOwner(m.id),
      logger: logger.child({ plugin: m.id }),
      health: (check) => checks.push({ id: m.id, check }),
    });
  }
  const rawRoutes = new Map<string, RawRoute>();
  const serverHooks: ((server: Server) => void)[] = [];
  for (const plugin of plugins) {
    const child = container.createChildContainer();
    const pluginLogger = logger.child({ plugin: plugin.id });
    child.register(TOKENS.logger, { useValue: pluginLogger });
    child.register(TOKENS.pluginConfig, { useValue: sections.get(plugin.id) });
    const router = express.Router({ mergeParams: true });
    const raws = new Map<string, RawRouteHandler>();
    await plugin.register({
      container: child,
      router,
      config: sections.get(plugin.id),
      lifecycle: lifecycle.forOwner(plugin.id),
      openapi,
      extensions: extensions.forOwner(plugin.id),
      logger: pluginLogger,
      bodyLimitBytes: options.bodyLimitBytes ?? 100 * 1024 * 1024,
      health: (check) => checks.push({ id: plugin.id, check }),
      onServer: (hook) => serverHooks.push(bindServerHook(hook, plugin, options.authenticator)),
      raw: (mount, handler) => {
        if (!plugin.mounts.includes(mount) || mount.includes(':')) {
          throw new Error(`plugin '${plugin.id}': raw route '${mount}' must be one of its mounts, without parameters`);
        }
        raws.set(mount, handler);
        rawRoutes.set(mount, { plugin, handler, logger: pluginLogger });
      },
    });
    const notFound = (req: Request, _res: Response, next: NextFunction) => next(noRouteError(router, req));
    for (const mount of plugin.mounts) {
      const raw = raws.get(mount);
      const handlers = [raw ? (req: Request, res: Response, next: NextFunction) => raw(req, res, next) : router, notFound];
      app.use(mount, authorize(options.authenticator, plugin.auth), ...handlers, createErrorHandler({ format: plugin.errorFormat, logger: pluginLogger }));
    }
  }
  return {
    rawRoutes,
    lifecycle,
    extensions,
    openapi,
    mounts,
    serverHooks,
    async health() {
      const out: Record<string, HealthReport> = {};
      for (const unit of [...modules, ...plugins]) out[unit.id] = { status: 'ok' };
      for (const { id, check } of checks) {
        try {
          out[id] = await check();
        } catch (err) {
          out[id] = { status: 'down', details: { error: (err as Error).message } };
        }
      }
      return out;
    },
  };
}

/** What a plugin answers when none of its routes took the request: 405 where the path has other methods, else 404. */
function noRouteError(router: Router, req: Request): AppError {
  const path = req.originalUrl.split('?')[0];
  const allowed = allowedMethods(router, req.path);
  if (allowed.length > 0 && !allowed.includes(req.method)) {
    return new AppError(405, `Incorrect HTTP method for uri [${path}] and method [${req.method}], allowed: [${allowed.join(', ')}]`, {
      code: 'method_not_allowed',
      type: 'method_not_allowed_exception',
      headers: { allow: allowed.join(', ') },
    });
  }
  return new NotFoundError(`no handler found for ${req.method} ${path}`, { type: 'invalid_request_exception' });
}
