import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// No downloaded browser: Debian's chromium (apt-get install chromium), and an empty browsers folder so that
// nothing can fall back to a download. global-setup.ts checks that its major is the one Playwright drives.
process.env.PLAYWRIGHT_BROWSERS_PATH ??= mkdtempSync(join(tmpdir(), 'ferry-no-browsers-'));
export const CHROMIUM = process.env.FERRY_CHROMIUM ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: [['list'], ['./summary-reporter.ts']],
  globalSetup: './global-setup.ts',
  outputDir: join(__dirname, '..', '..', '..', 'tmp', 'console-e2e'),
  use: {
    browserName: 'chromium',
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
    trace: 'off',
    screenshot: 'only-on-failure',
  },
});
