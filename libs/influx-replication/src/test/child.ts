import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../../..');

/** A gateway child process that can be killed with SIGKILL. */
export interface ChildGateway {
  url: string;
  process: ChildProcess;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts `child-gateway.ts` in a new node process and waits for its URL. */
export function startChildGateway(dataDir: string, config: Record<string, unknown>): Promise<ChildGateway> {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(__dirname, 'child-gateway.ts'), dataDir, JSON.stringify(config)],
    { cwd: ROOT, env: { ...process.env, TS_NODE_PROJECT: join(ROOT, 'libs/influx-replication/tsconfig.spec.json') }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += d));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const kill = async (signal: NodeJS.Signals = 'SIGKILL') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      void kill();
      reject(new Error(`child gateway did not start: ${stderr}`));
    }, 30_000);
    child.stdout?.on('data', (d) => {
      out += d;
      const m = /LISTENING (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1], process: child, kill });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`child gateway exited (${code}): ${stderr}`));
    });
  });
}
