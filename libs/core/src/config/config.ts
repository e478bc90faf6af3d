import { z } from 'zod';
import { apiTokenSchema } from '../auth/tokens';

/** HTTP server settings. */
export const serverConfigSchema = z.object({
  /** TCP port (FERRY_PORT, --port). */
  port: z.number().int().min(0).max(65535).default(9400),
  /** Address to bind (FERRY_HOST, --host); anything but loopback requires auth tokens. */
  host: z.string().min(1).default('127.0.0.1'),
  /** Largest request body accepted, in bytes; larger bodies get 413. */
  bodyLimitBytes: z.number().int().positive().default(100 * 1024 * 1024),
  /**
   * Largest request head (request line and headers) the parser takes, in bytes. Above Node's 16 KiB so
   * that a long URL still reaches the routes and is answered in its API's own envelope; a larger head
   * gets 431 in OpenSearch's envelope, as the parser may not have kept the request line to tell its API.
   */
  maxHeaderBytes: z.number().int().min(1024).default(256 * 1024),
  /** How long a graceful stop waits for requests and workers, in ms. */
  shutdownTimeoutMs: z.number().int().positive().default(4000),
});

/** The flows board's sampler. */
export const flowsConfigSchema = z.object({
  /** Time between two samples of every flow's lag, in ms. */
  sampleIntervalMs: z.number().int().min(100).max(600_000).default(5000),
  /** How much lag history each flow keeps, in ms (a ring of window / interval points). */
  windowMs: z.number().int().min(1000).max(24 * 3_600_000).default(3_600_000),
  /** Most flows with a history (each ring takes 16 bytes a point: 11.5 KB for an hour at 5 s); more flows are listed, without history. */
  maxFlows: z.number().int().min(1).max(100_000).default(5000),
});

/** Leases of work items among the gateways sharing a store (`coordination`). */
export const coordinationConfigSchema = z
  .object({
    /** This node's id; default: one made at first start and kept in `<dataDir>/node-id`. */
    nodeId: z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/).optional(),
    /** Where users reach this gateway, shown in `/_gateway/cluster`; default `http://<host>:<port>` it listens on. */
    address: z.string().min(1).optional(),
    /** How long a lease lasts past its last renewal (database clock), in ms. */
    leaseTtlMs: z.number().int().min(200).default(3000),
    /** One heartbeat renews all of a node's leases and rebalances, every this many ms. */
    heartbeatMs: z.number().int().min(50).default(1000),
    /** A node whose renewals failed for this long stops its work itself (below `leaseTtlMs`), in ms. */
    renewDeadlineMs: z.number().int().min(100).default(2000),
  })
  .refine((c) => c.heartbeatMs < c.renewDeadlineMs && c.renewDeadlineMs < c.leaseTtlMs, {
    message: 'needs heartbeatMs < renewDeadlineMs < leaseTtlMs (a node must stop before its leases can expire)',
  });

export type CoordinationConfig = z.infer<typeof coordinationConfigSchema>;

const POSTGRES_URL = /^postgres(ql)?:\/\//;

/** Where the gateway keeps its metadata. */
export const storeConfigSchema = z
  .object({
    /** `sqlite` (default): `<dataDir>/ferry.db`, one gateway; `postgres`: the database at `url` (FERRY_STORE_URL, --store). */
    kind: z.enum(['sqlite', 'postgres']).default('sqlite'),
    /** `postgres://user:password@host:port/database` for kind `postgres`; never logged or shown with its password. */
    url: z.string().optional(),
    /** PostgreSQL connections per gateway. */
    pool: z.number().int().min(1).max(100).default(10),
    /**
     * SQLite `synchronous` in WAL mode: `full` fsyncs every commit (survives power loss); `normal`
     * survives a process crash (kill -9) but may lose the last commits on power loss, and is much cheaper.
     */
    synchronous: z.enum(['full', 'normal']).default('full'),
  })
  .superRefine((store, ctx) => {
    // The messages never repeat the URL: it may hold a password.
    if (store.kind === 'postgres' && !store.url) ctx.addIssue({ code: 'custom', path: ['url'], message: 'kind postgres needs url (postgres://...)' });
    if (store.kind === 'postgres' && store.url && !POSTGRES_URL.test(store.url)) {
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'must start with postgres:// or postgresql://' });
    }
    if (store.kind === 'sqlite' && store.url) ctx.addIssue({ code: 'custom', path: ['url'], message: 'is for kind postgres; SQLite lives in <dataDir>/ferry.db' });
  });

export type StoreConfig = z.infer<typeof storeConfigSchema>;

/** The sections of the config the gateway itself reads; plugin sections sit beside them, keyed by plugin id. */
export const gatewayConfigSchema = z
  .object({
    /** HTTP server settings. */
    server: serverConfigSchema.default(serverConfigSchema.parse({})),
    /** Where Ferry keeps its state (FERRY_DATA_DIR, --data-dir). */
    dataDir: z.string().min(1).default('./data'),
    /** The metadata store: SQLite `<dataDir>/ferry.db` (default) or a PostgreSQL database shared by several gateways. */
    store: storeConfigSchema.default(storeConfigSchema.parse({})),
    /** How several gateways on one shared (PostgreSQL) store share the work; ignored on SQLite. */
    coordination: coordinationConfigSchema.default(coordinationConfigSchema.parse({})),
    /** Logging. */
    log: z
      .object({
        /** pino level. */
        level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
      })
      .default({ level: 'info' }),
    /** The flows board (`GET /_gateway/flows`) and its in-memory lag history. */
    flows: flowsConfigSchema.default(flowsConfigSchema.parse({})),
    /** API tokens; none means no authentication (allowed on loopback only). */
    auth: z.object({ tokens: z.array(apiTokenSchema).default([]) }).default({ tokens: [] }),
  })
  .catchall(z.unknown());

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
export type GatewayConfigInput = z.input<typeof gatewayConfigSchema>;

/** Section names the gateway keeps for itself; no plugin may use them as its id. */
export const RESERVED_SECTIONS = ['server', 'dataDir', 'log', 'auth', 'store', 'flows', 'clusters', 'embedded', 'gateway', 'coordination'] as const;

/** Formats zod issues as `path: message` joined by `; `, prefixed with the section name. */
export function formatIssues(section: string, error: z.ZodError): string {
  return error.issues.map((i) => `${[section, ...i.path.map(String)].filter(Boolean).join('.')}: ${i.message}`).join('; ');
}

/** Validates the gateway's own sections, with every issue in the message. */
export function parseGatewayConfig(input: unknown): GatewayConfig {
  const result = gatewayConfigSchema.safeParse(input ?? {});
  if (!result.success) throw new Error(`invalid config: ${formatIssues('', result.error)}`);
  return result.data;
}
