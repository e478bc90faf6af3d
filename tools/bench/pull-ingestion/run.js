#!/usr/bin/env node
// Entry point: runs run.ts under ts-node with this folder's tsconfig (workspace paths for @ferry/*).
// Usage: node tools/bench/pull-ingestion/run.js [--messages 20000] [--kinesis-messages 5000] [--rounds 3] [--rate 5000] [--seconds 10] [--lag-only 1] [--sources file,kafka,kinesis] [--pointer-flush-ms 0] [--probe 1]
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

const result = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(__dirname, 'run.ts'), ...process.argv.slice(2)], {
  env: { ...process.env, TS_NODE_PROJECT: join(__dirname, 'tsconfig.json') },
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
