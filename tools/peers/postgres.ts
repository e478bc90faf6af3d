import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, chownSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

/** A running PostgreSQL started by {@link startPostgres}. */
export interface PostgresPeer {
  /** `postgres://ferry@127.0.0.1:PORT/postgres` (trust authentication, superuser `ferry`). */
  url: string;
  port: number;
  /** The postmaster's PID (from `postmaster.pid`). */
  pid: number;
  /** The data directory (removed by stop). */
  dir: string;
  /** Creates a database and returns its URL; names are `[a-z0-9_]+`. */
  createDatabase(name: string): Promise<string>;
  /** Fast shutdown (SIGINT to the postmaster by PID), waits for it to exit, removes the directory. */
  stop(): Promise<void>;
}

/** Options of {@link startPostgres}. */
export interface PostgresPeerOptions {
  /** Where `initdb` and `postgres` live; default Debian's `/usr/lib/postgresql/15/bin`. */
  binDir?: string;
  /** How long to wait for the first connection, in ms (default 20 s). */
  timeoutMs?: number;
  /** Print the server's log to this process's stderr. */
  log?: boolean;
}

const DEFAULT_BIN = '/usr/lib/postgresql/15/bin';
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
// initdb and postgres refuse to run as root: as root, run them as Debian's `postgres` user.
const SERVER_USER = 'postgres';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function asServerUser(cmd: string, args: string[]): [string, string[]] {
  return isRoot ? ['runuser', ['-u', SERVER_USER, '--', cmd, ...args]] : [cmd, args];
}

function serverIds(): { uid: number; gid: number } | undefined {
  if (!isRoot) return undefined;
  const out = spawnSync('id', ['-u', SERVER_USER], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', SERVER_USER], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`running as root needs the '${SERVER_USER}' user from Debian's postgresql package (apt-get install -y postgresql)`);
  return { uid: Number(out.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** A directory under os.tmpdir() that the server user may write. */
function serverTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const ids = serverIds();
  if (ids) chownSync(dir, ids.uid, ids.gid);
  return dir;
}

function checkBinaries(binDir: string): void {
  for (const bin of ['initdb', 'postgres']) {
    if (!existsSync(join(binDir, bin))) {
      throw new Error(`PostgreSQL binaries not found: ${join(binDir, bin)} is missing (apt-get install -y postgresql, which CI's .ci/run does)`);
    }
  }
}

/**
 * The initialised cluster that every server copies, made once per machine and user under os.tmpdir()
 * (initdb takes ~2 s, a copy ~50 ms). Built beside its final name and renamed into place, so that test
 * files starting at once never see half a template.
 */
function templateDir(binDir: string): string {
  const owner = isRoot ? SERVER_USER : userInfo().username;
  const version = spawnSync(join(binDir, 'postgres'), ['--version'], { encoding: 'utf8' }).stdout.trim().replace(/\W+/g, '_');
  const final = join(tmpdir(), `ferry-pg-template-${owner}-${version}`);
  if (existsSync(join(final, 'data', 'PG_VERSION'))) return final;
  const building = serverTempDir('ferry-pg-template-build-');
  const data = join(building, 'data');
  const [cmd, args] = asServerUser(join(binDir, 'initdb'), ['-D', data, '-U', 'ferry', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const result = spawnSync(cmd, args, { encoding: 'utf8' });
  if (result.status !== 0) {
    rmSync(building, { recursive: true, force: true });
    throw new Error(`initdb failed (${result.status}): ${result.stderr || result.stdout}`);
  }
  try {
    renameSync(building, final);
  } catch {
    // Another process renamed its template first: use that one.
    rmSync(building, { recursive: true, force: true });
  }
  return final;
}

function copyTemplate(template: string, into: string): string {
  const data = join(into, 'data');
  // `cp -a` keeps owner and mode (the server insists on 0700 and on owning its directory).
  const result = spawnSync('cp', ['-a', join(template, 'data'), data], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`copying the PostgreSQL template failed: ${result.stderr}`);
  return data;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readPid(data: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

async function waitForConnection(url: string, child: ChildProcess, timeoutMs: number, log: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`postgres exited with code ${child.exitCode}: ${log()}`);
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(`postgres did not accept connections within ${timeoutMs} ms: ${log()}`);
}

function launch(binDir: string, data: string, port: number, log: boolean): { child: ChildProcess; output: () => string } {
  const settings = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: data,
    // Test data: no fsync, a small shared memory (many servers run at once on a shared machine).
    fsync: 'off',
    full_page_writes: 'off',
    shared_buffers: '32MB',
    max_connections: '100',
  };
  const args = ['-D', data, '-p', String(port), ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
  const [cmd, argv] = asServerUser(join(binDir, 'postgres'), args);
  const child = spawn(cmd, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
  let tail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    if (log) process.stderr.write(chunk);
    tail = (tail + chunk.toString('utf8')).slice(-2000);
  });
  return { child, output: () => tail };
}

/**
 * Starts a real PostgreSQL (Debian's `postgresql` package, version 15) for tests and benchmarks: a copy of a
 * cached initdb'd template in a temp dir, 127.0.0.1 on a free port, trust authentication for the superuser
 * `ferry`. As root the server runs as the `postgres` user (it refuses root). Fails with a clear message when
 * the binaries are missing; never skips.
 */
export async function startPostgres(options: PostgresPeerOptions = {}): Promise<PostgresPeer> {
  const binDir = options.binDir ?? DEFAULT_BIN;
  checkBinaries(binDir);
  const template = templateDir(binDir);
  for (let attempt = 1; ; attempt++) {
    const root = serverTempDir('ferry-pg-');
    const data = copyTemplate(template, root);
    const port = await freePort();
    const url = `postgres://ferry@127.0.0.1:${port}/postgres`;
    const { child, output } = launch(binDir, data, port, options.log ?? false);
    try {
      await waitForConnection(url, child, options.timeoutMs ?? 20_000, output);
      return peer({ url, port, root, data, child });
    } catch (err) {
      await stopServer(readPid(data), child);
      rmSync(root, { recursive: true, force: true });
      // The free port may have been taken between probing and binding: try another one.
      if (attempt >= 3 || !/could not (bind|create listen)/i.test(output())) throw err;
    }
  }
}

async function stopServer(pid: number | undefined, child: ChildProcess): Promise<void> {
  if (pid && alive(pid)) {
    process.kill(pid, 'SIGINT');
    const deadline = Date.now() + 10_000;
    while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    if (alive(pid)) process.kill(pid, 'SIGKILL');
  }
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    if (!pid) child.kill('SIGKILL');
    await exited;
  }
}

function peer(o: { url: string; port: number; root: string; data: string; child: ChildProcess }): PostgresPeer {
  const pid = readPid(o.data);
  if (!pid) throw new Error(`postgres is up but ${o.data}/postmaster.pid has no PID`);
  // If the test process dies without stop(), do not leave the server behind (immediate shutdown).
  const onExit = () => {
    if (alive(pid)) process.kill(pid, 'SIGQUIT');
    rmSync(o.root, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  let stopped: Promise<void> | undefined;
  return {
    url: o.url,
    port: o.port,
    pid,
    dir: o.data,
    async createDatabase(name: string): Promise<string> {
      if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`database names here are [a-z0-9_]+, got '${name}'`);
      const client = new Client({ connectionString: o.url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return o.url.replace(/\/postgres$/, `/${name}`);
    },
    stop() {
      stopped ??= (async () => {
        process.removeListener('exit', onExit);
        await stopServer(pid, o.child);
        rmSync(o.root, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
}
