import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';

/** A gateway in a child process (see child-gateway.js), so a test can kill -9 it or read its log. */
export interface ChildGateway {
  child: ChildProcess;
  url: string;
  /** Everything it wrote to stdout and stderr so far (its JSON log lines, at `logLevel`). */
  output(): string;
}

/** Starts the gateway in a child process; file sources may be anywhere in the data dir's parent. */
export function startChildGateway(clusterUrl: string, dataDir: string, logLevel = 'silent'): Promise<ChildGateway> {
  const child = spawn(process.execPath, [join(__dirname, 'child-gateway.js'), clusterUrl, dataDir, dirname(dataDir), logLevel], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /LISTENING (\S+)/.exec(out);
      if (m) resolve({ child, url: m[1], output: () => out });
    });
    child.once('exit', (code) => reject(new Error(`child gateway exited with ${code}: ${out}`)));
  });
}

/** Kills the child with SIGKILL and waits for it to exit. */
export function kill9(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
