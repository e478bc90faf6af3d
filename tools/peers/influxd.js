'use strict';
/**
 * Starts a real InfluxDB 1.x (`influxd` from the Debian `influxdb` package) for tests and benchmarks:
 * temporary directories, free ports, 127.0.0.1 only. Resolves once `/ping` answers 204.
 *
 *   const { startInfluxd } = require('tools/peers/influxd');
 *   const influx = await startInfluxd();          // { url, port, dir, query(q, db), createDatabase(db), restart(), stop() }
 *
 * `restart({ downMs })` stops the process (SIGTERM), waits `downMs`, and starts it again on the same port and data,
 * for outage tests.
 *
 * With `{ auth: { username, password } }` influxd runs with `[http] auth-enabled = true` and that user is created
 * as admin (influxd accepts `CREATE USER` without credentials while it has no user); `query`, `count` and
 * `createDatabase` then send the credentials, and `influx.auth` holds them.
 */
const { spawn } = require('node:child_process');
const { mkdtempSync, rmSync, writeFileSync, mkdirSync } = require('node:fs');
const net = require('node:net');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function config(dir, httpPort, rpcPort, authEnabled) {
  return `reporting-disabled = true
bind-address = "127.0.0.1:${rpcPort}"
[meta]
  dir = "${join(dir, 'meta')}"
  logging-enabled = false
[data]
  dir = "${join(dir, 'data')}"
  wal-dir = "${join(dir, 'wal')}"
  query-log-enabled = false
  wal-fsync-delay = "0s"
[coordinator]
  log-queries-after = "0s"
[retention]
  enabled = false
[monitor]
  store-enabled = false
[http]
  enabled = true
  bind-address = "127.0.0.1:${httpPort}"
  auth-enabled = ${authEnabled ? 'true' : 'false'}
  log-enabled = false
  max-body-size = 25000000
[subscriber]
  enabled = false
[continuous_queries]
  enabled = false
`;
}

async function waitForPing(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`influxd exited with code ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/ping`);
      if (res.status === 204) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`influxd did not answer /ping within ${timeoutMs} ms`);
}

/** InfluxQL literals: identifiers in double quotes, strings in single quotes, backslash-escaped. */
const quoteIdent = (s) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
const quoteString = (s) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** Creates the admin user on an influxd that has none yet (the only statement it allows without credentials). */
async function createAdmin(url, auth) {
  const q = `CREATE USER ${quoteIdent(auth.username)} WITH PASSWORD ${quoteString(auth.password)} WITH ALL PRIVILEGES`;
  const res = await fetch(`${url}/query?${new URLSearchParams({ q })}`, { method: 'POST' });
  const body = await res.json().catch(() => ({}));
  const error = body.error || (body.results && body.results[0] && body.results[0].error);
  if (res.status !== 200 || error) throw new Error(`influxd refused CREATE USER: ${res.status} ${error || ''}`);
}

/**
 * @param {{ binary?: string, timeoutMs?: number, log?: boolean, auth?: { username: string, password: string } }} [options]
 */
async function startInfluxd(options = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-influxd-'));
  mkdirSync(join(dir, 'meta'));
  const [httpPort, rpcPort] = [await freePort(), await freePort()];
  const configPath = join(dir, 'influxdb.conf');
  writeFileSync(configPath, config(dir, httpPort, rpcPort, Boolean(options.auth)));
  const launch = () => spawn(options.binary || 'influxd', ['-config', configPath], { stdio: ['ignore', 'ignore', options.log ? 'inherit' : 'ignore'] });
  let child = launch();
  const url = `http://127.0.0.1:${httpPort}`;
  let stopped = false;
  async function kill() {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
  async function stop() {
    if (stopped) return;
    stopped = true;
    await kill();
    rmSync(dir, { recursive: true, force: true });
  }
  /** Stops influxd, keeps its data, and starts it again on the same port after `downMs`. */
  async function restart({ downMs = 0 } = {}) {
    await kill();
    await new Promise((r) => setTimeout(r, downMs));
    child = launch();
    await waitForPing(url, child, options.timeoutMs || 20000);
  }
  try {
    await waitForPing(url, child, options.timeoutMs || 20000);
    if (options.auth) await createAdmin(url, options.auth);
  } catch (err) {
    await stop();
    throw err;
  }
  const auth = options.auth ? { username: options.auth.username, password: options.auth.password } : undefined;
  const headers = auth ? { authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}` } : {};
  /** Runs an InfluxQL statement (with the admin's credentials when auth is on); returns the parsed JSON. */
  async function query(q, db) {
    const params = new URLSearchParams({ q, ...(db ? { db } : {}) });
    const res = await fetch(`${url}/query?${params}`, { method: 'POST', headers });
    return res.json();
  }
  /** Number of points in a measurement (count of one field). */
  async function count(db, measurement, field = 'value') {
    const out = await query(`SELECT count("${field}") FROM "${measurement}"`, db);
    // A refused request (e.g. 401) is an error, not zero points.
    if (out.error) throw new Error(`influxd refused the count: ${out.error}`);
    const series = out.results && out.results[0] && out.results[0].series;
    return series ? series[0].values[0][1] : 0;
  }
  return { url, port: httpPort, dir, ...(auth ? { auth } : {}), query, count, createDatabase: (db) => query(`CREATE DATABASE "${db}"`), restart, stop };
}

module.exports = { startInfluxd, freePort };
