const path = require('node:path');
const nxPreset = require('@nx/jest/preset').default;

const swcConfig = JSON.parse(require('node:fs').readFileSync(path.join(__dirname, '.swcrc'), 'utf8'));

/** Shared jest settings: swc for speed (type checks run in `npm run lint`), reflect-metadata before tsyringe. */
module.exports = {
  ...nxPreset,
  testEnvironment: 'node',
  setupFiles: ['reflect-metadata'],
  transform: { '^.+\\.[tj]s$': ['@swc/jest', { ...swcConfig, swcrc: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // Tests always run against the libraries' sources, never a (possibly stale) dist/ build.
  moduleNameMapper: { '^@ferry/([a-z-]+)$': path.join(__dirname, 'libs/$1/src/index.ts') },
  testMatch: ['**/?(*.)+(test).ts'],
  reporters: ['default', path.join(__dirname, 'tools/jest/summary-reporter.js')],
  testTimeout: 30000,
};
