import express, { type IRouter, type NextFunction, type Request, type Response } from 'express';
import type { DependencyContainer } from 'tsyringe';
import type { ZodType } from 'zod';
import { assertRole, type TokenAuthenticator } from '../auth/tokens';
import { requiredRoleFor } from '../auth/roles';
import { formatIssues, RESERVED_SECTIONS } from '../config/config';
import { NotFoundError } from '../errors/app-error';
import { Extensions } from '../extensions/extension-point';
import { createErrorHandler } from '../http/error-handler';
import { currentRequest } from '../http/request-context';
import { Lifecycle } from '../lifecycle/lifecycle';
import type { Logger } from '../logging/logger';
import { createOpenApiRegistry, type OpenApiRegistry } from '../openapi/openapi';
import type { Store } from '../store/store';
import { TOKENS } from '../tokens';
import type { FerryPlugin, HealthReport, PluginAuthOptions } from './define-plugin';
import { assertNoOverlap, parseMount, type MountPattern } from './mounts';
import type { RootModule } from './root-module';

/** What the host gives {@link mountPlugins}. */
export interface MountPluginsOptions {
  /** Any Express app or router; each plugin is mounted on it at its mounts. */
  app: IRouter;
  plugins: readonly FerryPlugin<any>[];
  /** Root modules registered (into `container`) before the plugins. */
  modules?: readonly RootModule<any>[];
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

/** What the host keeps after mounting. */
export interface MountedPlugins {
  lifecycle: Lifecycle;
  extensions: Extensions;
  openapi: OpenApiRegistry;
  mounts: MountPattern[];
  /** Runs every health check; a check that throws counts as down. */
  health(): Promise<Record<string, HealthReport>>;
}

/** Validates the definitions as a set before anything is registered. */
function checkSet(plugins: readonly FerryPlugin<any>[], modules: readonly RootModule<any>[], reserved: readonly string[]): MountPattern[] {
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

function queryToken(req: Request, params: readonly string[] | undefined): string | undefined {
  if (!params?.length) return undefined;
  const query = new URLSearchParams(req.originalUrl.split('?')[1] ?? '');
  for (const p of params) {
    const value = query.get(p);
    if (value) return value;
  }
  return undefined;
}

function authorize(authenticator: TokenAuthenticator | undefined, options: PluginAuthOptions = {}) {
  const publicPaths = new Set(options.publicPaths ?? []);
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!authenticator?.enabled) return next();
    if ((req.method === 'GET' || req.method === 'HEAD') && publicPaths.has(req.originalUrl.split('?')[0])) return next();
    const principal = authenticator.authenticate(req.headers, queryToken(req, options.tokenQueryParams));
    const ctx = currentRequest();
    if (ctx && principal) {
      ctx.role = principal.role;
      ctx.principal = principal.name;
    }
    assertRole(principal, requiredRoleFor(req.method, req.originalUrl.split('?')[0]), `${req.method} ${req.originalUrl.split('?')[0]}`);
    next();
  };
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
  for (const plugin of plugins) {
    const child = container.createChildContainer();
    const pluginLogger = logger.child({ plugin: plugin.id });
    child.register(TOKENS.logger, { useValue: pluginLogger });
    child.register(TOKENS.pluginConfig, { useValue: sections.get(plugin.id) });
    const router = express.Router({ mergeParams: true });
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
    });
    const notFound = (req: Request, _res: Response, next: NextFunction) =>
      next(new NotFoundError(`no handler found for ${req.method} ${req.originalUrl.split('?')[0]}`, { type: 'invalid_request_exception' }));
    for (const mount of plugin.mounts) {
      app.use(mount, authorize(options.authenticator, plugin.auth), router, notFound, createErrorHandler({ format: plugin.errorFormat, logger: pluginLogger }));
    }
  }
  return {
    lifecycle,
    extensions,
    openapi,
    mounts,
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
