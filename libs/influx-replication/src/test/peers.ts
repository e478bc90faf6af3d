import { join } from 'node:path';

/** An influxd admin user; with it influxd runs with `[http] auth-enabled = true`. */
export interface InfluxdAuth {
  username: string;
  password: string;
}

/** Options of {@link startInfluxd}. */
export interface InfluxdOptions {
  timeoutMs?: number;
  log?: boolean;
  /** Turns auth on and creates this admin user; query/count/createDatabase then send its credentials. */
  auth?: InfluxdAuth;
}

/** A running influxd 1.x (see tools/peers/influxd.d.ts). */
export interface Influxd {
  url: string;
  port: number;
  dir: string;
  /** The admin credentials when started with `auth`. */
  auth?: InfluxdAuth;
  query(q: string, db?: string): Promise<{ results: { series?: { values: unknown[][] }[]; error?: string }[] }>;
  count(db: string, measurement: string, field?: string): Promise<number>;
  createDatabase(db: string): Promise<unknown>;
  /** Stops influxd (data kept), waits `downMs`, starts it again on the same port. */
  restart(options?: { downMs?: number }): Promise<void>;
  stop(): Promise<void>;
}

// tools/peers is not an Nx project, so it is loaded by path rather than imported (module boundaries).
const peers = require(join(__dirname, '../../../../tools/peers/influxd')) as {
  startInfluxd(options?: InfluxdOptions): Promise<Influxd>;
};

/** Starts a real influxd 1.6 on 127.0.0.1 with temp dirs (tools/peers/influxd.js). */
export const startInfluxd = (options?: InfluxdOptions): Promise<Influxd> => peers.startInfluxd(options);
