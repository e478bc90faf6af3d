import preact from '@preact/preset-vite';
import { defineConfig } from 'vitest/config';

// `base: './'`: every asset URL is relative, so the console works under any path a reverse proxy gives it.
export default defineConfig({
  base: './',
  plugins: [preact({ devtoolsInProd: false, prefreshEnabled: false })],
  build: { outDir: 'dist', emptyOutDir: true, modulePreload: { polyfill: false }, target: 'es2022', reportCompressedSize: false },
  test: { include: ['src/**/*.test.ts'], environment: 'node', reporters: ['default', './vitest-summary-reporter.ts'] },
});
