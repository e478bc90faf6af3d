#!/usr/bin/env node
// Entry point: runs run.ts under ts-node with this folder's tsconfig (workspace paths for @ferry/*).
// Usage: node tools/bench/cluster/run.js [--kills 20] [--items 12] [--nodes 3]
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

const result = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(__dirname, 'run.ts'), ...process.argv.slice(2)], {
  env: { ...process.env, TS_NODE_PROJECT: join(__dirname, 'tsconfig.json') },
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
