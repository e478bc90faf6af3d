// CommonJS entry for scripts (benchmarks) that run without a TypeScript loader.
'use strict';
require('ts-node').register({ transpileOnly: true, compilerOptions: { module: 'commonjs' } });
module.exports = require('./postgres.ts');
