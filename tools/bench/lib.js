// Small helpers shared by the benchmarks: start ferry as a child process, run wrk, time bulk loads.
const { spawn, execFileSync } = require('node:child_process');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const http = require('node:http');

const root = join(__dirname, '..', '..');

function nxBin(root) {
  const pkg = require.resolve('nx/package.json', { paths: [root] });
  const bin = require(pkg).bin;
  return require('node:path').join(require('node:path').dirname(pkg), typeof bin === 'string' ? bin : bin.nx);
}

/** Builds the gateway (Nx cache makes this quick when nothing changed). */
function build() {
  execFileSync(process.execPath, [nxBin(root), 'run', 'gateway:build', '--output-style=static'], {
    cwd: root,
    stdio: 'ignore',
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
  });
}

/** Starts `ferry serve` in a child process (`nodeArgs` before the script, e.g. `--cpu-prof`); resolves with its URL, the embedded clusters' URLs and a stop(). */
function startFerry(args = [], nodeArgs = []) {
  const dataDir = mkdtempSync(join(tmpdir(), 'ferry-bench-'));
  const child = spawn(process.execPath, [...nodeArgs, join(root, 'apps/gateway/bin/ferry.js'), 'serve', '--port', '0', '--data-dir', dataDir, '--log-level', 'info', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      for (const line of out.split('\n')) {
        if (!line.includes('ferry listening on')) continue;
        const rec = JSON.parse(line);
        child.stdout.removeAllListeners('data');
        child.stdout.resume();
        resolve({
          url: rec.url,
          embedded: Object.fromEntries(rec.embedded.map((c) => [c.name, c.url])),
          pid: child.pid,
          stop: () =>
            new Promise((ok) => {
              child.once('exit', () => {
                rmSync(dataDir, { recursive: true, force: true });
                ok();
              });
              child.kill('SIGTERM');
            }),
        });
        return;
      }
    });
    child.once('exit', (code) => reject(new Error(`ferry exited with ${code}: ${out}`)));
  });
}

/** Starts `ferry cluster` (one embedded cluster on its own) in a child process. */
function startCluster(name) {
  const dataDir = mkdtempSync(join(tmpdir(), 'ferry-bench-cluster-'));
  const child = spawn(process.execPath, [join(root, 'apps/gateway/bin/ferry.js'), 'cluster', '--name', name, '--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /"url":"(http:\/\/[^"]+)"/.exec(out);
      if (!m) return;
      child.stdout.removeAllListeners('data');
      child.stdout.resume();
      resolve({
        url: m[1],
        pid: child.pid,
        stop: () =>
          new Promise((ok) => {
            child.once('exit', () => {
              rmSync(dataDir, { recursive: true, force: true });
              ok();
            });
            child.kill('SIGTERM');
          }),
      });
    });
    child.once('exit', (code) => reject(new Error(`ferry cluster exited with ${code}: ${out}`)));
  });
}

/** Runs wrk and returns req/s and latency percentiles in ms. */
function wrk(url, { threads = 1, connections = 16, seconds = 8 } = {}) {
  const out = execFileSync('wrk', [`-t${threads}`, `-c${connections}`, `-d${seconds}s`, '--latency', url], { encoding: 'utf8' });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)[1]);
  const ms = (label) => {
    const m = new RegExp(`\\s${label}%\\s+([\\d.]+)(us|ms|s)`).exec(out);
    if (!m) return NaN;
    const v = Number(m[1]);
    return m[2] === 'us' ? v / 1000 : m[2] === 's' ? v * 1000 : v;
  };
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(out);
  return { rps, p50: ms('50'), p99: ms('99'), errors: non2xx ? Number(non2xx[1]) : 0 };
}

/** Sends one HTTP request with a body; resolves with status and body text. */
function send(url, method, body, headers = {}) {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: u.hostname, port: u.port, path: u.pathname + u.search, method, agent: keepAlive, headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 8 });

/** A 1 KB JSON document. */
function doc(i) {
  const pad = 'x'.repeat(1024 - 80);
  return JSON.stringify({ n: i, user: `user-${i % 1000}`, ts: 1700000000000 + i, msg: pad });
}

/** An NDJSON _bulk body of `count` index actions for 1 KB documents starting at `start`. */
function bulkBody(index, start, count) {
  const lines = [];
  for (let i = start; i < start + count; i++) lines.push(`{"index":{"_index":"${index}","_id":"${i}"}}`, doc(i));
  return Buffer.from(lines.join('\n') + '\n');
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

module.exports = { build, startFerry, startCluster, wrk, send, bulkBody, doc, median, root };
