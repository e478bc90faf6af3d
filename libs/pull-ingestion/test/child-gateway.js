// A gateway with the pull-ingestion plugin in a child process, so a test can kill -9 it.
// Usage: node child-gateway.js <clusterUrl> <dataDir> <fileRoot> [logLevel]; prints `LISTENING <url>` when ready.
'use strict';
const Module = require('node:module');
const { join, resolve } = require('node:path');
const { readFileSync } = require('node:fs');
const { transformSync } = require('@swc/core');

const root = resolve(__dirname, '../../..');
const swcrc = JSON.parse(readFileSync(join(root, '.swcrc'), 'utf8'));
// @ferry/* resolve to their sources, as in the workspace's tsconfig paths.
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const m = /^@ferry\/([a-z-]+)$/.exec(request);
  return resolveFilename.call(this, m ? join(root, 'libs', m[1], 'src', 'index.ts') : request, ...rest);
};
require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), { ...swcrc, swcrc: false, filename, sourceMaps: 'inline' });
  module._compile(code, filename);
};
require('reflect-metadata');

const [clusterUrl, dataDir, fileRoot, logLevel = 'silent'] = process.argv.slice(2);
const { createTestGateway } = require('@ferry/core');
const { clustersModule, localPassThrough } = require('@ferry/clusters');
const { pullIngestionPlugin } = require('../src/index.ts');

createTestGateway({
  modules: [clustersModule()],
  plugins: [pullIngestionPlugin],
  fallback: localPassThrough(),
  dataDir,
  config: {
    log: { level: logLevel },
    clusters: { local: 'local', connections: { local: { url: clusterUrl } } },
    ingestion: { retryWaitMs: 200, consumerInitRetryMs: 300, idleMs: 20, file: { roots: [fileRoot] } },
  },
}).then(
  (gw) => process.stdout.write(`LISTENING ${gw.url}\n`),
  (err) => {
    process.stderr.write(`${err.stack}\n`);
    process.exit(1);
  },
);
