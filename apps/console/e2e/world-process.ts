import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** What world.js prints once everything runs. */
export interface World {
  url: string;
  tokens: { admin: string; operator: string; viewer: string };
  control: string;
  influxd: string;
  pid: number;
}

/** The Chromium major this @playwright/test drives (its browsers.json), and the one installed. */
export function checkChromium(executable: string): void {
  const browsers = JSON.parse(readFileSync(join(dirname(require.resolve('playwright-core/package.json')), 'browsers.json'), 'utf8')) as { browsers: { name: string; browserVersion: string }[] };
  const wanted = Number(browsers.browsers.find((b) => b.name === 'chromium')!.browserVersion.split('.')[0]);
  let version: string;
  try {
    version = execFileSync(executable, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (err) {
    throw new Error(`no Chromium at ${executable} (${(err as Error).message}): install Debian's package, apt-get install -y chromium`);
  }
  const major = Number(/(\d+)\.\d+\.\d+/.exec(version)?.[1]);
  if (major !== wanted) {
    throw new Error(
      `${executable} is "${version.trim()}" (major ${major}) but @playwright/test ${require('playwright-core/package.json').version} drives Chromium ${wanted}: ` +
        `pin the @playwright/test whose playwright-core/browsers.json names Chromium ${major} (1.64.1 names 156), or install chromium ${wanted}`,
    );
  }
}

/** Starts apps/console/e2e/world.js (needs `nx run gateway:build`) and waits for its READY line. */
export function startWorld(timeoutMs = 120_000): Promise<{ world: World; child: ChildProcess }> {
  // From the repository root: tools/peers/kafka-mock.js registers ts-node, which must not pick up the console's tsconfig.
  const child = spawn(process.execPath, [join(__dirname, 'world.js')], { cwd: join(__dirname, '..', '..', '..'), stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => fail(new Error(`world.js did not get ready in ${timeoutMs} ms: ${err.slice(-2000)}`)), timeoutMs);
    function fail(e: Error) {
      clearTimeout(timer);
      if (child.exitCode === null) child.kill('SIGTERM');
      reject(e);
    }
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    child.once('exit', (code) => fail(new Error(`world.js exited with ${code}: ${err.slice(-2000)}`)));
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /READY (\{.*\})\n/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      child.stdout!.resume();
      resolve({ world: JSON.parse(m[1]) as World, child });
    });
  });
}

/** SIGTERM to the world's PID, then wait (SIGKILL after 15 s). */
export async function stopWorld(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}
