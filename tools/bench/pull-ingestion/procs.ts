// Child processes of the pull-ingestion benchmark, each stopped by its own PID.
// PROF=1 runs the gateway with --cpu-prof (profiles in /tmp/piprof).
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
  const child = spawn(process.execPath, [...(process.env.PROF && script.startsWith('gateway') ? ['--cpu-prof', '--cpu-prof-dir=/tmp/piprof'] : []), '-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(__dirname, script), ...args], {
    env: { ...process.env, TS_NODE_PROJECT: join(__dirname, 'tsconfig.json') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((ok, fail) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => ok({ url: JSON.parse(line).url, child }));
    child.once('exit', (code) => fail(new Error(`${script} exited with ${code}`)));
  });
}

/** SIGTERM, then waits for the exit. */
export async function stopProc(p: Proc | undefined): Promise<void> {
  if (!p || p.child.exitCode !== null) return;
  const exited = new Promise((ok) => p.child.once('exit', ok));
  p.child.kill('SIGTERM');
  await exited;
}
