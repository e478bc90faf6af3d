import { expect, test } from '@playwright/test';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { api, open, row, signIn, world } from './fixtures';

test('works behind a reverse proxy under a base path', async ({ page }) => {
  const target = new URL(world().url);
  // A proxy that serves the gateway under /ferry/, as nginx `location /ferry/ { proxy_pass http://gw/; }` does.
  const proxy = http.createServer((req, res) => {
    if (!req.url?.startsWith('/ferry/')) return void res.writeHead(404).end('not under /ferry/');
    const up = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url.slice('/ferry'.length), headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.writeHead(502).end());
    req.pipe(up);
  });
  await new Promise<void>((ok) => proxy.listen(0, '127.0.0.1', ok));
  try {
    const base = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/ferry`;
    const seen: string[] = [];
    page.on('request', (r) => seen.push(new URL(r.url()).pathname));
    await signIn(page, 'viewer', base);
    await expect(page).toHaveURL(`${base}/_console/`);
    await expect(row(page, 'orders-copy')).toHaveCount(1);
    expect(seen.length).toBeGreaterThan(3);
    expect(seen.every((p) => p.startsWith('/ferry/'))).toBe(true);
  } finally {
    proxy.close();
  }
});

test('usable at 390×844 without sideways scrolling of the page', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await open(page, 'operator');
  await expect(row(page, 'orders-copy')).toBeVisible();
  const pause = row(page, 'orders-copy').getByRole('button', { name: 'Pause' });
  await pause.scrollIntoViewIfNeeded();
  await expect(pause).toBeInViewport();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(391);
});

test('the dark theme follows the system', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(`${world().url}/_console/`);
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(21, 24, 28)');
  await page.emulateMedia({ colorScheme: 'light' });
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(255, 255, 255)');
});

test('sign in and pause a replication with the keyboard only', async ({ page }) => {
  await page.goto(`${world().url}/_console/`);
  // The token field has the focus from the start.
  await expect(page.getByLabel('Token')).toBeFocused();
  await page.keyboard.type(world().tokens.operator);
  await page.keyboard.press('Enter');
  const pause = row(page, 'invoices-copy').getByRole('button', { name: 'Pause' });
  await expect(pause).toBeVisible();
  let reached = false;
  for (let i = 0; i < 120 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await pause.evaluate((el) => el === document.activeElement);
  }
  expect(reached).toBe(true);
  await page.keyboard.press('Enter');
  await expect(row(page, 'invoices-copy').locator('.badge')).toHaveText('paused');
  // Back by keyboard: Resume takes the focus's place in the row.
  const resume = row(page, 'invoices-copy').getByRole('button', { name: 'Resume' });
  await resume.focus();
  await page.keyboard.press('Enter');
  await expect(row(page, 'invoices-copy').locator('.badge')).not.toHaveText('paused');
  expect((await api('viewer', 'GET', '/_plugins/_replication/invoices-copy/_status')).body.status).not.toBe('PAUSED');
});
