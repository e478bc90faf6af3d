#!/usr/bin/env node
// `npm start`: build what changed (the gateway and the web console; Nx caches the rest), then run `ferry serve` in
// this process, in the foreground. The console is then at http://127.0.0.1:9400/_console/.
const { execFileSync } = require('node:child_process');

function nxBin(root) {
  const pkg = require.resolve('nx/package.json', { paths: [root] });
  const bin = require(pkg).bin;
  return require('node:path').join(require('node:path').dirname(pkg), typeof bin === 'string' ? bin : bin.nx);
}
const { join } = require('node:path');

const root = join(__dirname, '..', '..');
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' };
try {
  execFileSync(process.execPath, [nxBin(root), 'run-many', '-t', 'build', '-p', 'gateway', 'console', '--output-style=static'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env,
  });
} catch (err) {
  process.stderr.write('ferry: the build failed; run `npx nx run-many -t build -p gateway console` to see why\n');
  process.exit(1);
}
require(join(root, 'apps', 'gateway', 'dist', 'main.js'))
  .main([process.argv[0], 'ferry', 'serve', ...process.argv.slice(2)])
  .catch((err) => {
    process.stderr.write(`ferry: ${err && err.message ? err.message : err}\n`);
    process.exit(1);
  });
