// Child processes of the benchmarks (an embedded cluster, a gateway), each stopped by its own PID.
// PROF=1 runs gateways with --cpu-prof (profiles in /tmp/benchprof).
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** A server started by the benchmark. */
export interface Proc {
  url: string;
  child: ChildProcess;
}

/** Runs a TypeScript server of this folder; resolves with the URL it prints on its first line. */
export function startProc(script: string, args: string[]): Promise<Proc> {
  const profile = process.env.PROF && script.startsWith('gateway') ? ['--cpu-prof', '--cpu-prof-dir=/tmp/benchprof'] : [];
  const child = spawn(process.execPath, [...profile, '-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(__dirname, script), ...args], {
    env: { ...process.env, TS_NODE_PROJECT: join(__dirname, 'tsconfig.json') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((ok, fail) => {
    const lines = createInterface({ input: child.stdout! });
    let first = true;
    lines.on('line', (line) => {
      if (!first) return void process.stderr.write(`[${script}] ${line}\n`);
      first = false;
      ok({ url: JSON.parse(line).url, child });
    });
    child.once('exit', (code, signal) => {
      // Before it is ready this fails the start; after, it is a crash the benchmark must not hide.
      fail(new Error(`${script} exited with ${code}`));
      if (!first && !(child as ChildProcess & { stopping?: boolean }).stopping) process.stderr.write(`[${script}] exited unexpectedly: code ${code}, signal ${signal}\n`);
    });
  });
}

/** SIGTERM, then waits for the exit. */
export async function stopProc(p: Proc | undefined): Promise<void> {
  if (!p || p.child.exitCode !== null) return;
  const exited = new Promise((ok) => p.child.once('exit', ok));
  (p.child as ChildProcess & { stopping?: boolean }).stopping = true;
  p.child.kill('SIGTERM');
  await exited;
}
