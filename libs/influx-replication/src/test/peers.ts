import { join } from 'node:path';

/** A running influxd 1.x (see tools/peers/influxd.d.ts). */
export interface Influxd {
  url: string;
  port: number;
  dir: string;
  query(q: string, db?: string): Promise<{ results: { series?: { values: unknown[][] }[]; error?: string }[] }>;
  count(db: string, measurement: string, field?: string): Promise<number>;
  createDatabase(db: string): Promise<unknown>;
  stop(): Promise<void>;
}

// tools/peers is not an Nx project, so it is loaded by path rather than imported (module boundaries).
const peers = require(join(__dirname, '../../../../tools/peers/influxd')) as {
  startInfluxd(options?: { timeoutMs?: number; log?: boolean }): Promise<Influxd>;
};

/** Starts a real influxd 1.6 on 127.0.0.1 with temp dirs (tools/peers/influxd.js). */
export const startInfluxd = (options?: { timeoutMs?: number; log?: boolean }): Promise<Influxd> => peers.startInfluxd(options);
