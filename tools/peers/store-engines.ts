import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPostgresStore, openSqliteStore, type Store } from '@ferry/core';
import { startPostgres, type PostgresPeer } from './postgres';

/** The engines every store test runs on: `describe.each(STORE_ENGINES)('... on %s', (engine) => ...)`. */
export const STORE_ENGINES = ['sqlite', 'postgres'] as const;
export type StoreEngine = (typeof STORE_ENGINES)[number];

/** One suite's database on one engine. */
export interface StoreFixture {
  readonly engine: StoreEngine;
  /** Opens a store on the suite's database (again after a close: a restart); closed after the suite. */
  open(): Promise<Store>;
  /** The gateway config's `store` section for this database (`{}` for SQLite: the data dir's file). */
  storeConfig(): Record<string, unknown>;
  /** The PostgreSQL URL of the suite's database (postgres only). */
  readonly url: string;
}

// One server per test file (jest runs each file in its own module registry), shared by its suites.
let server: Promise<PostgresPeer> | undefined;
let users = 0;
let databases = 0;

async function acquire(): Promise<PostgresPeer> {
  users++;
  server ??= startPostgres();
  return server;
}

async function release(): Promise<void> {
  if (--users > 0 || !server) return;
  const s = server;
  server = undefined;
  await (await s).stop();
}

/**
 * Call inside a `describe`: before its tests, a fresh database on the given engine (a temp SQLite file,
 * or a new database on this file's PostgreSQL server, started on first use and stopped after the last
 * suite using it); after them, every store it opened is closed and the database removed.
 */
export function storeFixture(engine: StoreEngine): StoreFixture {
  const opened: Store[] = [];
  let dir = '';
  let url = '';
  beforeAll(async () => {
    if (engine === 'sqlite') {
      dir = mkdtempSync(join(tmpdir(), 'ferry-store-'));
      return;
    }
    const pg = await acquire();
    url = await pg.createDatabase(`t${process.pid}_${++databases}`);
  }, 60_000);
  afterAll(async () => {
    await Promise.all(opened.map((s) => s.close()));
    if (engine === 'sqlite') rmSync(dir, { recursive: true, force: true });
    else await release();
  }, 60_000);
  return {
    engine,
    get url() {
      return url;
    },
    async open() {
      const store = engine === 'sqlite' ? openSqliteStore({ path: join(dir, 'ferry.db') }) : await openPostgresStore({ url, pool: 4 });
      opened.push(store);
      return store;
    },
    storeConfig: () => (engine === 'sqlite' ? {} : { kind: 'postgres', url, pool: 4 }),
  };
}
