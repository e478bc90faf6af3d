#!/usr/bin/env node
// The `ferry` command. Builds the workspace first when the compiled gateway is missing.
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { execFileSync } = require('node:child_process');

function nxBin(root) {
  const pkg = require.resolve('nx/package.json', { paths: [root] });
  const bin = require(pkg).bin;
  return require('node:path').join(require('node:path').dirname(pkg), typeof bin === 'string' ? bin : bin.nx);
}

const main = join(__dirname, '..', 'dist', 'main.js');
if (!existsSync(main)) {
  const root = join(__dirname, '..', '..', '..');
  process.stderr.write('ferry: building the gateway (first run)...\n');
  execFileSync(process.execPath, [nxBin(root), 'run', 'gateway:build', '--output-style=static'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
  });
}
require(main).main(process.argv).catch((err) => {
  process.stderr.write(`ferry: ${err && err.message ? err.message : err}\n`);
  process.exit(1);
});
