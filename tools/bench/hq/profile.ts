// CPU profile of the gateway under wrk load: node tools/bench/hq/run.js profile [/api/proxy/bench/_cluster/health]
// prints the busiest frames, packages and layers (analyze-profile.js).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNode, stop, wrk } from './bench';

async function main(): Promise<void> {
  const suffix = process.argv[2] ?? '/api/proxy/bench/_cluster/health';
  const dir = mkdtempSync(join(tmpdir(), 'hq-prof-'));
  const cluster = await startNode('cluster-server.ts');
  const gateway = await startNode('gateway-server.ts', [cluster.url], ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
  try {
    await wrk(`${gateway.url}${suffix}`);
    const r = await wrk(`${gateway.url}${suffix}`);
    console.log(`${suffix}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms`);
  } finally {
    await stop(gateway.child);
    await stop(cluster.child);
  }
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (file) console.log(execFileSync(process.execPath, [join(__dirname, 'analyze-profile.js'), join(dir, file)]).toString());
  rmSync(dir, { recursive: true, force: true });
}

void main();
