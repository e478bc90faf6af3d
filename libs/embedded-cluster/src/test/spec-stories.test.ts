import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type EmbeddedCluster, startEmbeddedCluster } from '../index';

/**
 * Runs the OpenSearch API specification's own stories against the embedded cluster with the specification's
 * tester (`shared/specs/run-stories.sh`, beside the clone in CI, a level higher in a worktree). The tester
 * installs its dependencies once per machine. The cluster is named as the stories' docker set-up names it.
 */
const FOLDERS = ['default/_core', 'default/cat', 'default/cluster', 'default/indices', 'default/nodes'];
/**
 * Passing stories, less one: 189 of 196 measured on 2026-12-02 (184 in CI on a clean clone before k-NN) (the one spare absorbs an
 * epilogue's socket hang-up on a loaded machine, seen once). Fewer means a regression.
 */
const FLOOR = 188;

function findRunner(): string | undefined {
  let dir = join(__dirname, '..', '..', '..', '..');
  for (let i = 0; i < 3; i++, dir = dirname(dir)) {
    const candidate = join(dirname(dir), 'shared', 'specs', 'run-stories.sh');
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

function run(runner: string, url: string, log: string): Promise<string> {
  return new Promise((resolve) => {
    // Its own log file (OUT_LOG), so a run by hand at the same time cannot mix into the counts.
    const child = spawn('env', [`OUT_LOG=${log}`, 'bash', runner, url, ...FOLDERS], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', () => resolve(out));
  });
}

const runner = findRunner();
const maybe = runner ? describe : describe.skip;
if (!runner) process.stdout.write('spec stories skipped: no shared/specs/run-stories.sh beside the clone (../shared/specs)\n');

maybe('OpenSearch specification stories against the embedded cluster', () => {
  let cluster: EmbeddedCluster;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ferry-stories-'));
    cluster = await startEmbeddedCluster({ name: 'docker-cluster', dataDir });
  });
  afterAll(async () => {
    await cluster.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`passes at least ${FLOOR} stories of ${FOLDERS.join(', ')}`, async () => {
    const out = await run(runner!, cluster.url, join(dataDir, 'stories.log'));
    const failed = out.split('\n').filter((l) => l.startsWith('FAIL'));
    const counts = /(\d+) passed, (\d+) failed \((\d+) skipped\)/.exec(out);
    process.stdout.write(`spec stories: ${counts?.[0] ?? 'no counts'}\n${failed.join('\n')}\n`);
    expect(counts).not.toBeNull();
    expect(Number(counts![1])).toBeGreaterThanOrEqual(FLOOR);
  }, 25 * 60_000);
});
