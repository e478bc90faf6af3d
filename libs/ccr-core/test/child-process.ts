import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** A gateway running in a child process. */
export interface ChildGateway {
  url: string;
  child: ChildProcess;
  /** kill -9 and wait for the exit. */
  kill(): Promise<void>;
  /** Graceful stop. */
  stop(): Promise<void>;
}

/** Starts `child-gateway.ts` with this config and waits for it to listen. */
export function startChildGateway(config: Record<string, unknown>): Promise<ChildGateway> {
  const child = spawn(process.execPath, ['-r', join(__dirname, 'ts-register.js'), join(__dirname, 'child-gateway.ts'), JSON.stringify(config)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`child gateway did not start: ${err}`)), 20_000);
    child.stderr!.on('data', (d) => (err += String(d)));
    child.stdout!.on('data', (d) => {
      out += String(d);
      const m = /READY (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1], child, kill: () => end('SIGKILL'), stop: () => end('SIGTERM') });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`child gateway exited with ${code}: ${err}`));
    });
  });
}
