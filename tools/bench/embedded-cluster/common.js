// Helpers of the embedded-cluster benchmarks: build the library, run the server in a child, keep-alive HTTP.
const { execFileSync, fork } = require('node:child_process');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const http = require('node:http');

const root = join(__dirname, '..', '..', '..');
const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

/** Compiles @ferry/core and @ferry/embedded-cluster (tsc) so the child can load dist/. */
function build() {
  for (const lib of ['core', 'embedded-cluster']) {
    execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, `libs/${lib}/tsconfig.lib.json`)], { stdio: 'inherit' });
  }
}

/** Starts the cluster in a child process; resolves with its URL, a memory probe and stop(). */
function startServer(dataDir = mkdtempSync(join(tmpdir(), 'ferry-ec-bench-'))) {
  const child = fork(join(__dirname, 'server.js'), [dataDir], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.stdout.once('data', (d) => {
      const { url } = JSON.parse(String(d).split('\n')[0]);
      resolve({
        url,
        dataDir,
        memory: () => new Promise((ok) => { child.once('message', ok); child.send('mem'); }),
        stop: ({ keepData = false } = {}) =>
          new Promise((ok) => {
            child.once('exit', () => {
              if (!keepData) rmSync(dataDir, { recursive: true, force: true });
              ok();
            });
            child.kill('SIGTERM');
          }),
      });
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

/** One HTTP request on a keep-alive agent. */
function request(url, method, body, contentType = 'application/json') {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, path: u.pathname + u.search, method, agent, headers: { 'content-type': contentType } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A ~1 KB JSON document. */
function doc(i) {
  const pad = 'x'.repeat(900);
  return JSON.stringify({ id: i, user: `user${i % 1000}`, ts: new Date(1700000000000 + i * 1000).toISOString(), level: i % 5 === 0 ? 'warn' : 'info', message: `event ${i} ${pad}` });
}

/** An NDJSON `_bulk` body of `count` index actions starting at `start` (random-looking ids). */
function bulkBody(index, start, count) {
  const lines = [];
  for (let i = start; i < start + count; i++) {
    lines.push(JSON.stringify({ index: { _index: index, _id: `${(i * 2654435761) % 4294967296}-${i}` } }), doc(i));
  }
  return Buffer.from(`${lines.join('\n')}\n`);
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

module.exports = { build, startServer, request, bulkBody, median, percentile };
