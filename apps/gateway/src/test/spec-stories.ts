import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Totals of one `run-stories.sh` run, with the lines that explain failures. */
export interface StoryRun {
  passed: number;
  failed: number;
  skipped: number;
  exitCode: number | null;
  /** The runner's closing line, `N passed, N failed (N skipped)`. */
  summary: string;
  /** `FAIL` lines and the failing chapters' reasons from the full log. */
  failures: string[];
}

/** Where the specification folder should be: `FERRY_SPECS_DIR`, else `../shared/specs` beside the repository (as in CI). */
export function specsDirFor(repoRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  return env.FERRY_SPECS_DIR ? resolve(env.FERRY_SPECS_DIR) : resolve(repoRoot, '..', 'shared', 'specs');
}

/** The specification folder holding `run-stories.sh`, or undefined when it is not there. */
export function findSpecsDir(repoRoot: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dir = specsDirFor(repoRoot, env);
  return existsSync(join(dir, 'run-stories.sh')) ? dir : undefined;
}

function parse(out: string, log: string, exitCode: number | null): StoryRun {
  const m = /(\d+) passed, (\d+) failed \((\d+) skipped\)/.exec(out);
  const failures = [...out.split('\n').filter((l) => l.startsWith('FAIL')), ...log.split('\n').filter((l) => /FAILED .*\(/.test(l))];
  if (!m) return { passed: 0, failed: 1, skipped: 0, exitCode, summary: out.trim().split('\n').pop() ?? '', failures: [...failures, out] };
  return { passed: Number(m[1]), failed: Number(m[2]), skipped: Number(m[3]), exitCode, summary: m[0], failures };
}

/**
 * The runner's first run on a machine deletes and refills its cache, so two first runs at once (two test
 * projects in parallel) would break each other: runs take one lock beside the cache when `flock` exists.
 */
function command(script: string, args: string[]): [string, string[]] {
  const cache = process.env.FERRY_SPEC_CACHE || join(homedir(), '.cache', 'ferry-opensearch-spec');
  if (spawnSync('flock', ['--version']).status !== 0) return ['bash', [script, ...args]];
  return ['flock', [`${cache}.lock`, 'bash', script, ...args]];
}

/** Runs `run-stories.sh url ...stories` (asynchronously: the server under test may live in this process). */
export async function runStories(options: { specsDir: string; url: string; stories: string[] }): Promise<StoryRun> {
  const tmp = mkdtempSync(join(tmpdir(), 'ferry-stories-'));
  const log = join(tmp, 'run.txt');
  try {
    const [cmd, args] = command(join(options.specsDir, 'run-stories.sh'), [options.url, ...options.stories]);
    const child = spawn(cmd, args, {
      env: { ...process.env, OUT_LOG: log },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const exitCode = await new Promise<number | null>((ok) => child.once('close', ok));
    return parse(out, existsSync(log) ? readFileSync(log, 'utf8') : '', exitCode);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
