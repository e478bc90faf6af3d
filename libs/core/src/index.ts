import 'reflect-metadata';

export { definePlugin } from './plugin/define-plugin';
export type { FerryPlugin, HealthReport, PluginAuthOptions, PluginContext, PluginDefinition, RawRouteHandler, ServerHook, ServerHookContext } from './plugin/define-plugin';
export { defineRootModule } from './plugin/root-module';
export type { RootModule, RootModuleContext } from './plugin/root-module';
export { mountPlugins } from './plugin/mount-plugins';
export { createRootContainer } from './plugin/root-container';
export type { RootContainerOptions } from './plugin/root-container';
export type { MountedPlugins, MountPluginsOptions, RawRoute } from './plugin/mount-plugins';
export { routeSegments, splitPath } from './plugin/mounts';

export {
  AppError,
  ConflictError,
  ForbiddenError,
  GatewayTimeoutError,
  NotFoundError,
  PayloadTooLargeError,
  toAppError,
  UnauthorizedError,
  UnavailableError,
  UnprocessableError,
  ValidationError,
} from './errors/app-error';
export type { AppErrorOptions } from './errors/app-error';
export { renderError } from './errors/renderers';
export type { ErrorFormat, RenderedError, ValidationIssue } from './errors/renderers';

export { parseRequest, validate, validationFailure, withInput } from './validation/validate';
export type { RequestInput, RequestSchemas } from './validation/validate';

export { createGateway, isLoopback } from './http/create-gateway';
export type { FallbackFactory, FallbackHandler, Gateway, GatewayOptions } from './http/create-gateway';
export { createErrorHandler, sendError } from './http/error-handler';
export { currentRequest, runInRequest } from './http/request-context';
export type { RequestContext } from './http/request-context';
export { jsonBody, rawBody } from './http/body';
export { INTERNAL_HEADER_PREFIX, stripInternalHeaders } from './http/internal-headers';
export type { JsonBodyOptions } from './http/body';
export { isHeaderSafe, toHeaderValue } from './http/header-value';
export { withoutUserinfo } from './http/userinfo';
export { assertJsonDepth, jsonDepthBeyond, jsonDepthExceeds, jsonTooDeep, MAX_ANSWER_DEPTH, MAX_JSON_DEPTH, parseBoundedJson } from './http/json-depth';

export { roleAllows, requiredRoleFor, roleSchema } from './auth/roles';
export type { ReadRules, Role, RouteRequest } from './auth/roles';
export { RouteTable } from './auth/route-table';
export type { RouteShape } from './auth/route-table';
export { OPENSEARCH_ACTING_SHAPES, OPENSEARCH_READ_SHAPES } from './auth/opensearch-routes';
export { apiTokenSchema, assertRole, presentedSecret, TokenAuthenticator } from './auth/tokens';
export type { ApiToken, Principal } from './auth/tokens';
export { requireRole } from './auth/require-role';

export { flowsConfigSchema, gatewayConfigSchema, parseGatewayConfig, RESERVED_SECTIONS, serverConfigSchema } from './config/config';
export type { GatewayConfig, GatewayConfigInput } from './config/config';

export { Lifecycle, sleep, withTimeout } from './lifecycle/lifecycle';
export { KeyedLock } from './lifecycle/keyed-lock';
export type { KeyedLockRunOptions } from './lifecycle/keyed-lock';
export type { PluginLifecycle, Worker } from './lifecycle/lifecycle';

export { openSqliteStore } from './store/sqlite-store';
export type { SqliteStoreOptions } from './store/sqlite-store';
export { openPostgresStore } from './store/postgres-store';
export type { PostgresStoreOptions } from './store/postgres-store';
export { isUniqueViolation, MigrationError } from './store/store';
export type { Migration, Store, StoreDialect, StoreExecutor, TransactionOptions } from './store/store';
export { toNumberedPlaceholders, toPostgresDdl } from './store/sql-text';
export { redactUrl } from './store/store-url';

export { createSecretBox, isSealed, SEALED_PATTERN, secretContext, secretKeyId, SecretOpenError } from './secrets/secret-box';
export type { SecretBox, SecretBoxOptions } from './secrets/secret-box';
export { parseSecretKey } from './secrets/secret-key';
export { openSecretBox, purgeFreedPages, SecretKeyMismatchError } from './secrets/open-secrets';
export type { OpenSecretBoxOptions } from './secrets/open-secrets';
export { rotateSecretKey } from './secrets/rotate-key';
export type { RotateSecretKeyOptions, RotateSecretKeyResult } from './secrets/rotate-key';

export { createLogger, REDACTED_PATHS } from './logging/logger';
export type { Logger, LoggerOptions } from './logging/logger';

export { createOpenApiRegistry, generateOpenApiDocument } from './openapi/openapi';
export type { OpenApiRegistry } from './openapi/openapi';

export { createExtensionPoint, Extensions } from './extensions/extension-point';
export type { ExtensionPoint, PluginExtensions } from './extensions/extension-point';
export { passThroughInterceptors } from './extensions/pass-through';
export { flowSources } from './extensions/flow-sources';
export type { FlowSource } from './extensions/flow-sources';
export { FlowBoard, compareFlows, matchesQuery } from './flows/flow-board';
export type { FlowBoardOptions } from './flows/flow-board';
export { FlowHistory } from './flows/flow-history';
export type { FlowHistoryOptions } from './flows/flow-history';
export { BehindSince, CounterRate, LAGGING_AFTER_SECONDS } from './flows/behind-since';
export {
  flowKindSchema,
  flowLagSchema,
  flowSchema,
  flowsQuerySchema,
  flowsResponseSchema,
  flowStateSchema,
  flowSummarySchema,
  STATE_SEVERITY,
  whoamiResponseSchema,
} from './flows/flow.schemas';
export type { Flow, FlowKind, FlowLag, FlowState, FlowSummary, FlowsQuery, FlowsResponse, WhoamiResponse } from './flows/flow.schemas';
export type { InterceptResult, PassThroughInterceptor, PassThroughRequest } from './extensions/pass-through';

export { systemClock, TOKENS } from './tokens';
export type { Clock } from './tokens';

export { createTestGateway } from './testing/test-gateway';
export type { TestGateway, TestGatewayOptions } from './testing/test-gateway';

export { FencedError, itemKey } from './coordination/coordinator';
export type { ClusterNode, ClusterView, Coordinator, ItemRunner, Lease, LeaseView, LossListener, LossReason, WorkItem } from './coordination/coordinator';
export { LocalCoordinator } from './coordination/local-coordinator';
export type { LocalCoordinatorOptions } from './coordination/local-coordinator';
export { DEFAULT_LEASE_TIMING, PostgresCoordinator } from './coordination/postgres-coordinator';
export type { LeaseTiming, PostgresCoordinatorOptions } from './coordination/postgres-coordinator';
export { fencedStore } from './coordination/fenced-store';
