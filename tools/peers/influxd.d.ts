/** An influxd admin user: with it influxd runs with `[http] auth-enabled = true`. */
export interface InfluxdAuth {
  username: string;
  password: string;
}

/** A running influxd 1.x started by {@link startInfluxd}. */
export interface Influxd {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  /** Its temporary directory (removed by stop). */
  dir: string;
  /** The admin credentials when started with `auth` (query, count and createDatabase send them). */
  auth?: InfluxdAuth;
  /** Runs an InfluxQL statement. */
  query(q: string, db?: string): Promise<{ results: { series?: { values: unknown[][] }[]; error?: string }[] }>;
  /** Number of points of a measurement (count of one field, default `value`). */
  count(db: string, measurement: string, field?: string): Promise<number>;
  createDatabase(db: string): Promise<unknown>;
  /** Stops the process (keeping its data), waits `downMs`, starts it again on the same port; resolves once /ping answers. */
  restart(options?: { downMs?: number }): Promise<void>;
  /** Stops the process and removes its directory. */
  stop(): Promise<void>;
}

/** Starts influxd on 127.0.0.1 with free ports and temp dirs; resolves once /ping answers 204 (and the admin user exists). */
export function startInfluxd(options?: { binary?: string; timeoutMs?: number; log?: boolean; auth?: InfluxdAuth }): Promise<Influxd>;
/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number>;
