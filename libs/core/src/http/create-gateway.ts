import express, { type ErrorRequestHandler, type NextFunction, type Request, type Response } from 'express';
import { mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { container as globalContainer, type DependencyContainer } from 'tsyringe';
import { TokenAuthenticator, assertRole, type Principal } from '../auth/tokens';
import { requiredRoleFor } from '../auth/roles';
import { parseGatewayConfig, type GatewayConfig } from '../config/config';
import { AppError, NotFoundError, ValidationError } from '../errors/app-error';
import type { Extensions } from '../extensions/extension-point';
import { flowSources } from '../extensions/flow-sources';
import { FlowBoard } from '../flows/flow-board';
import { createLogger, type Logger } from '../logging/logger';
import { withTimeout } from '../lifecycle/lifecycle';
import type { FerryPlugin } from '../plugin/define-plugin';
import { mountPlugins, type MountedPlugins, type RawRoute } from '../plugin/mount-plugins';
import { checkPluginAccess } from '../auth/plugin-access';
import { hasEmptyInnerSegment, MountMatcher, routeSegments, splitPath } from '../plugin/mounts';
import type { RootModule } from '../plugin/root-module';
import { openSecretBox } from '../secrets/open-secrets';
import { openConfiguredStore } from '../store/open-store';
import { openCoordinator } from '../coordination/open-coordinator';
import type { Store } from '../store/store';
import { systemClock, TOKENS, type Clock } from '../tokens';
import { CONSOLE_PATH, createConsoleSite, redirectToConsole, wantsConsole } from './console-site';
import { createGatewayRouter } from './gateway-routes';
import { answerClientError } from './client-error';
import { sendError } from './error-handler';
import { stripInternalHeaders } from './internal-headers';
import { requestIdOf, runInRequest } from './request-context';
import type { ErrorFormat } from '../errors/renderers';

/** Handles requests outside every plugin mount (the pass-through to the local cluster). */
export type FallbackHandler = (req: IncomingMessage, res: ServerResponse, principal?: Principal) => void;

/** Builds the fallback once plugins have registered their extensions. */
export type FallbackFactory = (ctx: { container: DependencyContainer; extensions: Extensions; logger: Logger; config: GatewayConfig }) => FallbackHandler;

/** Options of {@link createGateway}. */
export interface GatewayOptions {
  /** Raw config: the gateway's sections plus one section per plugin or module id. */
  config?: unknown;
  plugins?: readonly FerryPlugin[];
  /** Root modules providing shared services (e.g. the cluster registry). */
  modules?: readonly RootModule[];
  /** Serves everything outside the mounts; without it such requests get 404. */
  fallback?: FallbackFactory;
  /** A logger to use instead of one built from `config.log`. */
  logger?: Logger;
  clock?: Clock;
  /** Reported by /_gateway/info. */
  version?: string;
  /** The key sealing stored secrets (FERRY_SECRET_KEY: 32 bytes, base64 or hex); else `<dataDir>/secret.key`. */
  secretKey?: string;
  /** The built web console (`apps/console/dist`), served under `/_console/`; without it that path answers 404. */
  consoleDir?: string;
}

/** A built gateway: an HTTP handler plus start/listen/stop. */
export interface Gateway {
  /** Node request listener, usable with supertest or any http server. */
  readonly handler: (req: IncomingMessage, res: ServerResponse) => void;
  readonly container: DependencyContainer;
  readonly config: GatewayConfig;
  readonly plugins: MountedPlugins;
  /** Runs start hooks and workers. */
  start(): Promise<void>;
  /** Starts (if needed) and listens; refuses a non-loopback address without tokens. */
  listen(options?: { port?: number; host?: string }): Promise<AddressInfo>;
  /** Graceful stop: stop accepting, finish in-flight requests, stop workers, close the store. */
  stop(): Promise<void>;
}

function noHandler(method: string | undefined, path: string): NotFoundError {
  return new NotFoundError(`no handler found for uri [${path}] and method [${method}]`, { type: 'invalid_request_exception' });
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost|::ffff:127\.\d+\.\d+\.\d+)$/;

/** True when `host` only accepts local connections. */
export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host);
}

async function buildRoot(config: GatewayConfig, options: GatewayOptions): Promise<{ container: DependencyContainer; store: Store; logger: Logger }> {
  const logger = options.logger ?? createLogger({ level: config.log.level });
  const dataDir = resolve(config.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const store = await openConfiguredStore(config.store, dataDir, logger);
  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics });
  const container = globalContainer.createChildContainer();
  container.register(TOKENS.logger, { useValue: logger });
  container.register(TOKENS.store, { useValue: store });
  container.register(TOKENS.metrics, { useValue: metrics });
  container.register(TOKENS.clock, { useValue: options.clock ?? systemClock });
  container.register(TOKENS.config, { useValue: config });
  container.register(TOKENS.dataDir, { useValue: dataDir });
  return { container, store, logger };
}

/**
 * Builds a gateway from plugins and config: boot checks, store, migrations, routes and auth.
 * Nothing listens until `listen()`, so tests run it in-process.
 */
export async function createGateway(options: GatewayOptions = {}): Promise<Gateway> {
  const config = parseGatewayConfig(options.config);
  const { container, store, logger } = await buildRoot(config, options);
  let address = '';
  const coordinator = openCoordinator({
    store,
    storeUrl: config.store.url,
    config: config.coordination,
    dataDir: container.resolve(TOKENS.dataDir),
    logger,
    metrics: container.resolve(TOKENS.metrics),
    address: () => config.coordination.address ?? address,
  });
  container.register(TOKENS.coordinator, { useValue: coordinator });
  try {
    const secrets = await openSecretBox({ store, dataDir: container.resolve(TOKENS.dataDir), key: options.secretKey });
    container.register(TOKENS.secrets, { useValue: secrets });
  } catch (err) {
    await store.close();
    throw err;
  }
  const authenticator = new TokenAuthenticator(config.auth.tokens);
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'extended');
  let mounted: MountedPlugins;
  try {
    mounted = await mountPlugins({
      app,
      plugins: options.plugins ?? [],
      modules: options.modules ?? [],
      container,
      config: config as Record<string, unknown>,
      reservedMounts: ['/_gateway', CONSOLE_PATH],
      authenticator,
      bodyLimitBytes: config.server.bodyLimitBytes,
    });
  } catch (err) {
    await store.close();
    throw err;
  }
  const flows = new FlowBoard({ ...config.flows, intervalMs: config.flows.sampleIntervalMs, sources: () => mounted.extensions.get(flowSources), clock: container.resolve(TOKENS.clock), logger });
  mounted.lifecycle.forOwner('gateway').worker('flow-sampler', (signal) => flows.run(signal));
  container.register(TOKENS.flows, { useValue: flows });
  app.use('/_gateway', createGatewayRouter({ container, mounted, authenticator, plugins: options.plugins ?? [], version: options.version ?? '0.0.0', flows }));
  // Nothing reaches Express's own HTML answers: whatever no router took is a 404 in its mount's envelope.
  app.use((req: Request, _res: Response, next: NextFunction) => next(noHandler(req.method, req.originalUrl.split('?')[0])));
  app.use(((err, req, res, _next) => sendError(res, formatFor(req.originalUrl), err, logger)) as ErrorRequestHandler);
  const matcher = new MountMatcher(mounted.mounts);
  const consoleSite = createConsoleSite(options.consoleDir);
  const fallback = options.fallback?.({ container, extensions: mounted.extensions, logger, config });
  const server: { current?: Server } = {};
  let inFlight = 0;
  let stopping = false;
  let idle: (() => void) | undefined;

  // Every answer, even for a path no route serves, is in the envelope of the mount the path falls under.
  const formats = new Map<string, ErrorFormat>([['gateway', 'gateway'], ...(options.plugins ?? []).map((p) => [p.id, p.errorFormat] as const)]);
  function formatFor(url: string): ErrorFormat {
    const owner = matcher.match(url.split('?')[0].split('/').filter(Boolean))?.owner;
    return (owner && formats.get(owner)) || 'opensearch';
  }

  function dispatch(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const segments = splitPath(path);
    if (!segments) return sendError(res, formatFor(url), new ValidationError(`invalid path: ${path}`, { type: 'illegal_argument_exception' }));
    // The console's static files are open like /_gateway/health: the page holds no data, its API calls need a token.
    if (segments[0] === '_console') return consoleSite(req, res);
    if (wantsConsole(req, path)) return redirectToConsole(res);
    const mount = matcher.match(segments);
    if (mount) {
      // `//api/v2/write` is no route of the plugin (OpenSearch does not collapse `//` either): its 404, in its envelope.
      if (hasEmptyInnerSegment(path)) return sendError(res, formatFor(url), noHandler(req.method, path));
      const raw = mounted.rawRoutes.get(mount.path);
      return raw ? serveRaw(raw, mount.path, req, res) : void app(req as never, res as never);
    }
    if (!fallback) return sendError(res, 'gateway', new NotFoundError(`no route for ${req.method} ${path}`));
    let principal: Principal | undefined;
    try {
      principal = authenticator.authenticate(req.headers);
      assertRole(principal, requiredRoleFor({ method: req.method ?? 'GET', segments: routeSegments(path) ?? segments }), `${req.method} ${path}`);
    } catch (err) {
      return sendError(res, 'opensearch', err as AppError, logger);
    }
    fallback(req, res, principal);
  }

  // A plugin's hot path on the bare request: same auth and envelope as its Express routes, no Express.
  function serveRaw(raw: RawRoute, mountPath: string, req: IncomingMessage, res: ServerResponse): void {
    const fail = (err: unknown) => sendError(res, raw.plugin.errorFormat, err, raw.logger);
    try {
      const url = req.url ?? '/';
      checkPluginAccess(authenticator, raw.plugin.auth, { method: req.method ?? 'GET', url, headers: req.headers });
      const rest = url.slice(mountPath.length);
      req.url = rest.startsWith('/') ? rest : `/${rest}`;
      raw.handler(req, res, (err) => fail(err ?? new NotFoundError(`no handler found for ${req.method} ${mountPath}${req.url}`)));
    } catch (err) {
      fail(err);
    }
  }

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    inFlight++;
    res.once('close', () => {
      inFlight--;
      if (inFlight === 0 && idle) idle();
    });
    if (stopping) res.setHeader('connection', 'close');
    // The edge: nothing below it may see a header only Ferry sends.
    stripInternalHeaders(req);
    const requestId = requestIdOf(req);
    res.setHeader('x-request-id', requestId);
    runInRequest({ requestId }, () => dispatch(req, res));
  };

  let started = false;
  const gateway: Gateway = {
    handler,
    container,
    config,
    plugins: mounted,
    async start() {
      if (started) return;
      started = true;
      await mounted.lifecycle.start();
      // After the start hooks: runners of claimed items may rely on what the plugins loaded.
      await coordinator.start();
    },
    async listen(opts = {}) {
      const host = opts.host ?? config.server.host;
      const port = opts.port ?? config.server.port;
      if (!isLoopback(host) && !authenticator.enabled) {
        throw new Error(
          `refusing to listen on ${host}: it is not a loopback address and no auth tokens are configured (set auth.tokens in the config, or bind 127.0.0.1)`,
        );
      }
      await gateway.start();
      const srv = createServer({ keepAliveTimeout: 65_000, maxHeaderSize: config.server.maxHeaderBytes }, handler);
      server.current = srv;
      srv.on('clientError', (err: NodeJS.ErrnoException, socket) => answerClientError(err, socket, formatFor));
      for (const attach of mounted.serverHooks) attach(srv);
      await new Promise<void>((ok, fail) => {
        srv.once('error', fail);
        srv.listen(port, host, () => ok());
      });
      const bound = srv.address() as AddressInfo;
      address = `http://${bound.family === 'IPv6' ? `[${bound.address}]` : bound.address}:${bound.port}`;
      return bound;
    },
    async stop() {
      if (stopping) return;
      stopping = true;
      const timeout = config.server.shutdownTimeoutMs;
      const srv = server.current;
      const closed = srv ? new Promise<void>((ok) => srv.close(() => ok())) : Promise.resolve();
      srv?.closeIdleConnections();
      if (inFlight > 0) {
        const drained = new Promise<void>((ok) => (idle = ok));
        if (await withTimeout(drained, timeout)) logger.warn({ inFlight }, 'requests still in flight at shutdown');
      }
      srv?.closeAllConnections();
      // Leased work stops first, while the store is open, and its leases are handed to the other nodes.
      if (await withTimeout(coordinator.stop(), timeout)) logger.warn('leased work still stopping at shutdown');
      await mounted.lifecycle.stop(timeout);
      await withTimeout(closed, 1000);
      await store.close();
    },
  };
  return gateway;
}
