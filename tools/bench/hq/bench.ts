// HQ proxy benchmark: embedded cluster direct vs /api/proxy vs /api/rest vs nginx, wrk for small GETs,
// sequential 10 MB _bulk bodies for throughput. Everything on 127.0.0.1; every process is stopped by PID.
// Run: node tools/bench/hq/run.js   (see docs/benchmarks.md)
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { startNginx } from './nginx';

const run = promisify(execFile);
const ROUNDS = Number(process.env.HQ_BENCH_ROUNDS ?? 3);
const WRK_SECONDS = Number(process.env.HQ_BENCH_SECONDS ?? 10);
const BULKS = Number(process.env.HQ_BENCH_BULKS ?? 4);
const here = __dirname;

export function startNode(script: string, args: string[] = [], execArgv: string[] = []): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [...execArgv, '-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(here, script), ...args], {
    env: { ...process.env, TS_NODE_PROJECT: join(here, 'tsconfig.json') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((ok, fail) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => ok({ url: JSON.parse(line).url, child }));
    child.once('exit', (code) => fail(new Error(`${script} exited with ${code}`)));
  });
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

interface WrkResult {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
}

function ms(value: string): number {
  const m = /([\d.]+)(us|ms|s)/.exec(value);
  if (!m) return Number.NaN;
  return Number(m[1]) * (m[2] === 'us' ? 0.001 : m[2] === 's' ? 1000 : 1);
}

/** wrk on one URL; 50 connections by default (throughput), 1 for the latency a single client sees. */
export async function wrk(url: string, connections = 50): Promise<WrkResult> {
  const threads = connections === 1 ? 1 : 2;
  const { stdout } = await run('wrk', [`-t${threads}`, `-c${connections}`, `-d${WRK_SECONDS}s`, '--latency', url], { maxBuffer: 1 << 20 });
  return {
    requests: Number(/(\d+) requests in/.exec(stdout)?.[1]),
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1]),
    p50: ms(/\s50%\s+(\S+)/.exec(stdout)?.[1] ?? ''),
    p99: ms(/\s99%\s+(\S+)/.exec(stdout)?.[1] ?? ''),
    non2xx: Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(stdout)?.[1] ?? 0),
  };
}

/** CPU seconds (user + system) a process has used so far, from /proc. */
export function cpuSeconds(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

function bulkBody(index: string, targetBytes: number): Buffer {
  const doc = JSON.stringify({ msg: 'x'.repeat(1000), n: 0 });
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < targetBytes; i++) {
    const pair = `{"index":{"_index":"${index}","_id":"${i}"}}\n${doc}\n`;
    lines.push(pair);
    size += pair.length;
  }
  return Buffer.from(lines.join(''));
}

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/** POSTs one bulk body; resolves with the status, after checking that every item was indexed. */
function post(url: string, body: Buffer, items: number): Promise<number> {
  return new Promise((ok, fail) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/x-ndjson', 'content-length': body.length } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const answer = JSON.parse(Buffer.concat(chunks).toString()) as { errors?: boolean; items?: unknown[] };
        if (answer.errors !== false || answer.items?.length !== items) fail(new Error(`bulk to ${url}: errors=${answer.errors}, ${answer.items?.length} items`));
        else ok(res.statusCode ?? 0);
      });
    });
    req.on('error', fail);
    req.end(body);
  });
}

/** Number of documents in a bulk body (action + source line each). */
function items(body: Buffer): number {
  return body.toString().split('\n').length >> 1;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (xs: number[], digits = 0) => `${median(xs).toFixed(digits)} [${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}]`;

async function main(): Promise<void> {
  const cluster = await startNode('cluster-server.ts');
  const gateway = await startNode('gateway-server.ts', [cluster.url]);
  const nginx = await startNginx(cluster.url);
  try {
    const small = {
      direct: `${cluster.url}/_cluster/health`,
      'hq /api/proxy': `${gateway.url}/api/proxy/bench/_cluster/health`,
      'hq /api/rest': `${gateway.url}/api/rest/bench/_cluster_health`,
      'hq /api/proxy, in-process cluster': `${gateway.url}/api/proxy/inproc/_cluster/health`,
      nginx: `${nginx.url}/_cluster/health`,
    };
    const bulk = {
      direct: `${cluster.url}/_bulk`,
      'hq /api/proxy': `${gateway.url}/api/proxy/bench/_bulk`,
      nginx: `${nginx.url}/_bulk`,
    };
    const gets: Record<string, WrkResult[]> = {};
    const single: Record<string, WrkResult[]> = {};
    const pids = { cluster: cluster.child.pid, gateway: gateway.child.pid, nginx: nginx.process.pid };
    const cpu: Record<string, Record<string, number[]>> = {};
    const mbps: Record<string, number[]> = {};
    const bulkCpu: Record<string, number[]> = {};
    const onlyBulk = process.env.HQ_BENCH_ONLY === 'bulk';
    const bodies = Object.fromEntries(Object.keys(bulk).map((name) => [name, bulkBody(`bulk-${name.replace(/\W+/g, '-')}`, 10 * 1024 * 1024)]));
    for (const [name, url] of Object.entries(bulk)) await post(url, bodies[name], items(bodies[name])); // warm-up, creates the indices
    if (!onlyBulk) for (const url of Object.values(small)) await wrk(url); // warm-up
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, url] of Object.entries(onlyBulk ? {} : small)) {
        const before = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuSeconds(pid)]));
        const r = await wrk(url);
        for (const [k, pid] of Object.entries(pids)) {
          const usPerReq = ((cpuSeconds(pid) - before[k]) / r.requests) * 1e6;
          if (usPerReq > 0) ((cpu[name] ??= {})[k] ??= []).push(usPerReq);
        }
        if (r.non2xx > 0) throw new Error(`${name}: ${r.non2xx} non-2xx answers`);
        (gets[name] ??= []).push(r);
        const one = await wrk(url, 1);
        (single[name] ??= []).push(one);
        process.stderr.write(`round ${round + 1} GET ${name}: ${r.rps.toFixed(0)} req/s p50 ${r.p50} ms p99 ${r.p99} ms\n`);
      }
      // Bodies alternate between targets (rotating who goes first), so a slow spell of the shared machine
      // hits every target alike; each target's figure is its bytes over its own summed request time.
      const seconds: Record<string, number> = {};
      const gwCpu: Record<string, number> = {};
      const order = Object.entries(bulk);
      for (let i = 0; i < BULKS; i++) {
        order.push(order.shift()!);
        for (const [name, url] of order) {
          const body = bodies[name];
          const gwBefore = cpuSeconds(pids.gateway);
          const start = performance.now();
          if ((await post(url, body, items(body))) !== 200) throw new Error(`bulk to ${url} failed`);
          seconds[name] = (seconds[name] ?? 0) + (performance.now() - start) / 1000;
          gwCpu[name] = (gwCpu[name] ?? 0) + (cpuSeconds(pids.gateway) - gwBefore) * 1000;
        }
      }
      for (const [name] of order) {
        const v = (bodies[name].length * BULKS) / seconds[name] / 1e6;
        (mbps[name] ??= []).push(v);
        (bulkCpu[name] ??= []).push(gwCpu[name] / BULKS);
        process.stderr.write(`round ${round + 1} _bulk ${name}: ${v.toFixed(1)} MB/s\n`);
      }
    }
    const direct = onlyBulk ? 1 : median(gets.direct.map((r) => r.rps));
    const directP50 = onlyBulk ? 0 : median(gets.direct.map((r) => r.p50));
    console.log(`| target | req/s median [min–max] | × direct | p50 ms | p99 ms | p50 added |`);
    console.log(`|---|---|---|---|---|---|`);
    for (const [name, rs] of Object.entries(gets)) {
      const p50 = median(rs.map((r) => r.p50));
      console.log(
        `| ${name} | ${fmt(rs.map((r) => r.rps))} | ${(median(rs.map((r) => r.rps)) / direct).toFixed(2)} | ${p50.toFixed(2)} | ${fmt(rs.map((r) => r.p99), 2)} | ${(p50 - directP50).toFixed(2)} |`,
      );
    }
    const directOne = onlyBulk ? 0 : median(single.direct.map((r) => r.p50));
    console.log(`\n| one client (wrk -t1 -c1) | req/s median | p50 ms | p99 ms | p50 added |`);
    console.log(`|---|---|---|---|---|`);
    for (const [name, rs] of Object.entries(single)) {
      const p50 = median(rs.map((r) => r.p50));
      console.log(`| ${name} | ${median(rs.map((r) => r.rps)).toFixed(0)} | ${p50.toFixed(2)} | ${median(rs.map((r) => r.p99)).toFixed(2)} | ${(p50 - directOne).toFixed(2)} |`);
    }
    console.log(`\n| small GET target | CPU µs per request, median per process |`);
    console.log(`|---|---|`);
    for (const [name, per] of Object.entries(cpu)) {
      console.log(`| ${name} | ${Object.entries(per).map(([k, xs]) => `${k} ${median(xs).toFixed(0)}`).join(', ')} |`);
    }
    const directMB = median(mbps.direct);
    console.log(`\n| _bulk 10 MB bodies | MB/s median [min–max] | × direct | gateway CPU ms per body |`);
    console.log(`|---|---|---|---|`);
    for (const [name, xs] of Object.entries(mbps)) {
      console.log(`| ${name} | ${fmt(xs, 1)} | ${(median(xs) / directMB).toFixed(2)} | ${median(bulkCpu[name]).toFixed(0)} |`);
    }
  } finally {
    agent.destroy();
    await nginx.stop();
    await stop(gateway.child);
    await stop(cluster.child);
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
