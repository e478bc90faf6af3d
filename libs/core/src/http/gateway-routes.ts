import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { Registry } from 'prom-client';
import type { DependencyContainer } from 'tsyringe';
import { assertRole, type Principal, type TokenAuthenticator } from '../auth/tokens';
import { AppError, NotFoundError } from '../errors/app-error';
import { generateOpenApiDocument } from '../openapi/openapi';
import { registerClusterOpenApi } from '../coordination/cluster.schemas';
import type { FlowBoard } from '../flows/flow-board';
import { flowsQuerySchema, type WhoamiResponse } from '../flows/flow.schemas';
import { gatewayOpenApi } from '../flows/gateway.openapi';
import { parseRequest } from '../validation/validate';
import type { FerryPlugin } from '../plugin/define-plugin';
import type { MountedPlugins } from '../plugin/mount-plugins';
import type { GatewayConfig } from '../config/config';
import { describeStore } from '../store/open-store';
import { TOKENS } from '../tokens';
import { createErrorHandler } from './error-handler';

/** What the gateway's own routes need. */
export interface GatewayRouterOptions {
  container: DependencyContainer;
  mounted: MountedPlugins;
  authenticator: TokenAuthenticator;
  plugins: readonly FerryPlugin[];
  version: string;
  /** Serves `/_gateway/flows`. */
  flows: FlowBoard;
}

/** Answers the other methods of a GET route: 405 with `Allow`, or 204 with `Allow` to OPTIONS. */
function onlyGet(): RequestHandler {
  return (req, res, next) => {
    res.setHeader('allow', 'GET, HEAD');
    if (req.method === 'OPTIONS') return void res.status(204).end();
    next(new AppError(405, `${req.method} is not allowed on /_gateway${req.path}: use GET or HEAD`, { code: 'method_not_allowed', headers: { allow: 'GET, HEAD' } }));
  };
}

/** `/_gateway/health|info|metrics|cluster|openapi.json|whoami|flows`. Health is open (load balancers); the rest needs a viewer token when auth is on. */
export function createGatewayRouter(options: GatewayRouterOptions): Router {
  const { mounted, authenticator } = options;
  const router = Router();
  const metrics = options.container.resolve<Registry>(TOKENS.metrics);
  const store = describeStore(options.container.resolve<GatewayConfig>(TOKENS.config).store);
  let openapiDoc: unknown;

  router.get('/health', async (_req, res) => {
    const plugins = await mounted.health();
    const down = Object.values(plugins).some((p) => p.status === 'down');
    const degraded = Object.values(plugins).some((p) => p.status === 'degraded');
    res.status(down ? 503 : 200).json({ status: down ? 'down' : degraded ? 'degraded' : 'ok', plugins });
  });
  router.all('/health', onlyGet());

  router.use((req: Request, res: Response, next: NextFunction) => {
    const principal = authenticator.authenticate(req.headers);
    assertRole(principal, 'viewer', `${req.method} ${req.originalUrl}`);
    res.locals.principal = principal;
    next();
  });

  router.get('/whoami', (_req, res) => {
    const principal = res.locals.principal as Principal | undefined;
    const body: WhoamiResponse = { auth_enabled: authenticator.enabled, role: principal?.role ?? null, token_name: principal?.name ?? null };
    res.json(body);
  });

  router.get('/flows', async (req, res) => {
    const { query } = parseRequest({ query: flowsQuerySchema }, req);
    res.json(await options.flows.view(query));
  });

  router.get('/info', (_req, res) => {
    res.json({
      name: 'ferry',
      version: options.version,
      auth: authenticator.enabled ? 'tokens' : 'none',
      store,
      plugins: options.plugins.map((p) => ({ id: p.id, mounts: p.mounts, errorFormat: p.errorFormat })),
      mounts: mounted.mounts.map((m) => ({ path: m.path, owner: m.owner })),
    });
  });

  // `?name=<metric>` (repeatable) renders only those metrics: a poller that watches one counter often
  // should not pay for the process metrics, which read /proc on every scrape.
  router.get('/metrics', async (req, res) => {
    const raw = req.query.name;
    const names = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map(String);
    res.setHeader('content-type', metrics.contentType);
    if (names.length === 0) return void res.end(await metrics.metrics());
    const known = names.filter((n) => metrics.getSingleMetric(n));
    res.end((await Promise.all(known.map((n) => metrics.getSingleMetricAsString(n)))).map((text) => `${text}\n`).join(''));
  });

  // Every node answers for the whole cluster: the view is read from the shared store.
  router.get('/cluster', async (_req, res) => {
    res.json(await options.container.resolve(TOKENS.coordinator).view());
  });

  router.get('/openapi.json', (_req, res) => {
    if (!openapiDoc) {
      const own = gatewayOpenApi();
      registerClusterOpenApi(own);
      openapiDoc = generateOpenApiDocument([own, mounted.openapi], { title: 'Ferry', version: options.version });
    }
    res.json(openapiDoc);
  });

  router.all(['/info', '/metrics', '/cluster', '/openapi.json', '/whoami', '/flows'], onlyGet());
  router.use((req: Request, _res: Response, next: NextFunction) => next(new NotFoundError(`no route for ${req.method} /_gateway${req.path}`)));
  router.use(createErrorHandler({ format: 'gateway' }));
  return router;
}
