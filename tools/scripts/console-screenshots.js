#!/usr/bin/env node
// Takes the README's screenshots of the web console against a real gateway with real flows
// (apps/console/e2e/world.js), in Debian's chromium:  node tools/scripts/console-screenshots.js
// Needs `npx nx run-many -t build -p gateway console` first. Writes docs/console-*.png.
const { spawn } = require('node:child_process');
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

process.env.PLAYWRIGHT_BROWSERS_PATH ??= mkdtempSync(join(tmpdir(), 'ferry-no-browsers-'));
const { chromium } = require('playwright-core');

const root = join(__dirname, '..', '..');
const ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

function startWorld() {
  const child = spawn(process.execPath, [join(root, 'apps/console/e2e/world.js')], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new Error(`world.js exited with ${code}`)));
    child.stdout.on('data', (c) => {
      out += c;
      const m = /READY (\{.*\})\n/.exec(out);
      if (m) resolve({ world: JSON.parse(m[1]), child });
    });
  });
}

async function main() {
  const { world, child } = await startWorld();
  const browser = await chromium.launch({ executablePath: process.env.FERRY_CHROMIUM ?? '/usr/bin/chromium', args: ARGS });
  try {
    const shot = async (name, { width, height, scheme = 'light' }, go) => {
      const page = await browser.newPage({ viewport: { width, height }, colorScheme: scheme });
      await page.goto(`${world.url}/_console/`);
      await page.getByLabel('Token').fill(world.tokens.operator);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByTestId('who').waitFor();
      await go(page);
      await page.screenshot({ path: join(root, 'docs', `console-${name}.png`) });
      await page.close();
      console.log(`docs/console-${name}.png`);
    };
    // Let the sampler gather some lag history for the sparklines, with one follower paused.
    await new Promise((r) => setTimeout(r, 15_000));
    await fetch(`${world.url}/_plugins/_replication/invoices-copy/_pause`, { method: 'POST', headers: { authorization: `Bearer ${world.tokens.operator}`, 'content-type': 'application/json' }, body: '{"reason":"maintenance window"}' });
    await fetch(`${world.control}/influx/down`, { method: 'POST' });
    await new Promise((r) => setTimeout(r, 8000));
    await shot('board', { width: 1280, height: 800 }, async (page) => {
      await page.locator('table.flows tbody tr').first().waitFor();
      await page.waitForTimeout(1500);
    });
    await shot('board-dark-mobile', { width: 390, height: 844, scheme: 'dark' }, async (page) => {
      await page.locator('table.flows tbody tr').first().waitFor();
      await page.waitForTimeout(1500);
    });
    await fetch(`${world.control}/influx/up`, { method: 'POST' });
    await shot('cluster', { width: 1280, height: 800 }, async (page) => {
      await page.goto(`${world.url}/_console/#/clusters/local`);
      await page.getByTestId('indices-table').waitFor();
      await page.waitForTimeout(500);
    });
    await shot('rest', { width: 1280, height: 800 }, async (page) => {
      await page.goto(`${world.url}/_console/#/rest`);
      await page.getByLabel('Path').fill('_cat/indices?format=json&h=index,health,docs.count');
      await page.getByRole('button', { name: 'Send' }).click();
      await page.getByTestId('rest-status').waitFor();
    });
  } finally {
    await browser.close();
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
