// nginx reference for the pass-through over HTTP: small GETs of the same `ferry cluster` directly, through nginx
// (1 worker, upstream keep-alive 64) and through the gateway, interleaved in one run (3 × 5 s each, wrk -t1 -c16).
// Usage: node tools/bench/pass-through/nginx-ref.js (needs the Debian nginx and wrk packages).
const { spawn } = require('node:child_process');
const { writeFileSync, mkdtempSync, mkdirSync, rmSync } = require('node:fs');
const { join } = require('node:path');
const { tmpdir } = require('node:os');
const root = join(__dirname, '..', '..', '..');
const { startCluster, startFerry, wrk, median } = require(join(root, 'tools/bench/lib'));
(async () => {
  const cluster = await startCluster('local');
  const u = new URL(cluster.url);
  const dir = mkdtempSync(join(tmpdir(), 'ferry-bench-nginx-')); mkdirSync(join(dir, 'logs'));
  writeFileSync(join(dir, 'nginx.conf'), `worker_processes 1; daemon off; pid ${dir}/nginx.pid; error_log ${dir}/error.log;
events { worker_connections 1024; }
http { access_log off; upstream c { server ${u.host}; keepalive 64; }
  server { listen 127.0.0.1:18917; location / { proxy_pass http://c; proxy_http_version 1.1; proxy_set_header Connection ""; } } }`);
  const ng = spawn('nginx', ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: 'inherit' });
  writeFileSync(join(dir, 'f.json'), JSON.stringify({ clusters: { connections: { local: { url: cluster.url } } } }));
  const ferry = await startFerry(['--config', join(dir, 'f.json')]);
  await new Promise((r) => setTimeout(r, 500));
  const targets = { direct: cluster.url, nginx: 'http://127.0.0.1:18917', gateway: ferry.url };
  for (const t of Object.values(targets)) wrk(`${t}/_cluster/health`, { seconds: 2 });
  const rows = { direct: [], nginx: [], gateway: [] };
  for (let r = 0; r < 3; r++) for (const [k, t] of Object.entries(targets)) rows[k].push(wrk(`${t}/_cluster/health`, { seconds: 5 }));
  const out = {}; for (const k of Object.keys(rows)) out[k] = { rps: Math.round(median(rows[k].map((x) => x.rps))), p50: median(rows[k].map((x) => x.p50)) };
  out.ratio = { nginx: +(out.nginx.rps / out.direct.rps).toFixed(2), gateway: +(out.gateway.rps / out.direct.rps).toFixed(2) };
  console.log(JSON.stringify(out));
  ng.kill('SIGTERM');
  await ferry.stop();
  await cluster.stop();
  rmSync(dir, { recursive: true, force: true });
})();
