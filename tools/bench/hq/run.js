// Launcher: `node tools/bench/hq/run.js` runs the benchmark (bench.ts), `node tools/bench/hq/run.js profile [path]`
// profiles the gateway under wrk (profile.ts). Runs the libraries from source through ts-node.
// Knobs: HQ_BENCH_ROUNDS (3), HQ_BENCH_SECONDS (10 per wrk run), HQ_BENCH_BULKS (4 timed 10 MB bodies per target).
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

const profile = process.argv[2] === 'profile';
const script = join(__dirname, profile ? 'profile.ts' : 'bench.ts');
const args = process.argv.slice(profile ? 3 : 2);
const result = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', script, ...args], {
  stdio: 'inherit',
  cwd: join(__dirname, '..', '..', '..'),
  env: { ...process.env, TS_NODE_PROJECT: join(__dirname, 'tsconfig.json') },
});
process.exitCode = result.status ?? 1;
