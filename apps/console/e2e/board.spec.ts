import { expect, test } from '@playwright/test';
import { api, control, open, row, signIn, waitForApi, world } from './fixtures';

test.describe.configure({ mode: 'serial' });

test('a browser at / lands on the sign-in form; a wrong token shows the gateway refusal', async ({ page }) => {
  await page.goto(`${world().url}/`);
  await expect(page).toHaveURL(/\/_console\/$/);
  await page.getByLabel('Token').fill('not-a-valid-token-at-all');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('refused this token');
  // The token never goes into a URL; API clients still get OpenSearch's root JSON at /.
  expect(page.url()).not.toContain('not-a-valid-token');
  expect((await api('viewer', 'GET', '/')).body.version).toBeDefined();
});

test('the board lists every CCR flow with its live numbers, worst first', async ({ page }) => {
  await signIn(page, 'operator');
  for (const name of ['orders-copy', 'invoices-copy', 'logs-rule']) await expect(row(page, name)).toHaveCount(1);
  const orders = row(page, 'orders-copy');
  await expect(orders).toContainText('leader:orders');
  await expect(orders.locator('.badge')).toHaveText(/ok|lagging|bootstrapping/);
  await expect(row(page, 'logs-rule')).toContainText('logs-*');
  // The follower's checkpoint moves while the leader is written to, without a reload.
  const checkpoints = () => orders.locator('dd').nth(1).textContent();
  const first = await checkpoints();
  await expect.poll(checkpoints, { timeout: 20_000 }).not.toBe(first);
  await expect(page.getByTestId('updated')).toHaveText(/updated \d+ s ago/);
  // The sparkline is drawn from the history once there are two samples.
  await expect(orders.locator('svg.spark polyline')).toHaveCount(1, { timeout: 20_000 });
  // Worst first: the page's order is the API's severity order.
  const severities = (await api('viewer', 'GET', '/_gateway/flows?history=false')).body.flows.map((f: { severity: number }) => f.severity);
  expect([...severities].sort((a, b) => b - a)).toEqual(severities);
});

test('filters by kind, state and text', async ({ page }) => {
  await open(page, 'operator');
  await expect(row(page, 'orders-copy')).toHaveCount(1);
  await page.getByLabel('Kind').selectOption('ccr-autofollow');
  await expect(row(page, 'orders-copy')).toHaveCount(0);
  await expect(row(page, 'logs-rule')).toHaveCount(1);
  await page.getByLabel('Kind').selectOption('');
  await page.getByLabel('Text').fill('invoices');
  await expect(row(page, 'invoices-copy')).toHaveCount(1);
  await expect(row(page, 'orders-copy')).toHaveCount(0);
  await page.getByLabel('Text').fill('');
  await page.getByLabel('State').selectOption('paused');
  await expect(page.locator('table.flows tbody tr')).toHaveCount(0);
});

test('pause and resume a replication from its row', async ({ page }) => {
  await open(page, 'operator');
  const orders = row(page, 'orders-copy');
  await orders.getByRole('button', { name: 'Pause' }).click();
  await expect(orders.locator('.badge')).toHaveText('paused');
  expect((await api('viewer', 'GET', '/_plugins/_replication/orders-copy/_status')).body.status).toBe('PAUSED');
  await orders.getByRole('button', { name: 'Resume' }).click();
  await expect(orders.locator('.badge')).not.toHaveText('paused');
  expect((await api('viewer', 'GET', '/_plugins/_replication/orders-copy/_status')).body.status).not.toBe('PAUSED');
});

test('bulk pause and resume of selected followers', async ({ page }) => {
  await open(page, 'operator');
  await page.getByLabel('Select orders-copy').check();
  await page.getByLabel('Select invoices-copy').check();
  await page.getByRole('button', { name: 'Pause selected' }).click();
  await expect(page.getByTestId('notice')).toContainText('Pause 2 selected: done');
  await expect(row(page, 'orders-copy').locator('.badge')).toHaveText('paused');
  await expect(row(page, 'invoices-copy').locator('.badge')).toHaveText('paused');
  await page.getByRole('button', { name: 'Resume selected' }).click();
  await expect(row(page, 'orders-copy').locator('.badge')).not.toHaveText('paused');
  await expect(row(page, 'invoices-copy').locator('.badge')).not.toHaveText('paused');
});

test('start a replication; a failed start shows the API error text', async ({ page }) => {
  await open(page, 'operator');
  await page.getByRole('button', { name: 'Start replication' }).click();
  const dialog = page.getByRole('dialog', { name: 'Start a replication' });
  await dialog.getByLabel('Leader alias').fill('leader');
  await dialog.getByLabel('Leader index').fill('no-such-index');
  await dialog.getByLabel('Follower index').fill('nothing-copy');
  await dialog.getByLabel('Leader cluster role').fill('leader-reader');
  await dialog.getByLabel('Follower cluster role').fill('follower-writer');
  await dialog.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('notice')).toContainText('no-such-index');
  await expect(page.getByTestId('notice')).toContainText('index_not_found_exception');
  await dialog.getByLabel('Leader index').fill('orders');
  await dialog.getByLabel('Follower index').fill('orders-second');
  await dialog.getByRole('button', { name: 'Start' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(row(page, 'orders-second')).toHaveCount(1);
});

test('stop asks for the index name typed again', async ({ page }) => {
  await open(page, 'operator');
  await row(page, 'orders-second').getByRole('button', { name: 'Stop' }).click();
  const dialog = page.getByRole('dialog');
  const stop = dialog.getByRole('button', { name: 'Stop replication' });
  await expect(stop).toBeDisabled();
  await dialog.getByLabel('Type orders-second to confirm').fill('orders-secon');
  await expect(stop).toBeDisabled();
  await dialog.getByLabel('Type orders-second to confirm').fill('orders-second');
  await stop.click();
  await waitForApi(async () => (await api('viewer', 'GET', '/_plugins/_replication/orders-second/_status')).body.status !== 'SYNCING', 'stopped');
  await expect(row(page, 'orders-second')).toHaveCount(0);
});

test('create and delete an auto-follow rule', async ({ page }) => {
  await open(page, 'operator');
  await page.getByRole('button', { name: 'New auto-follow rule' }).click();
  const dialog = page.getByRole('dialog', { name: 'New auto-follow rule' });
  await dialog.getByLabel('Leader alias').fill('leader');
  await dialog.getByLabel('Rule name').fill('metrics-rule');
  await dialog.getByLabel('Index pattern').fill('metrics-*');
  await dialog.getByLabel('Leader cluster role').fill('leader-reader');
  await dialog.getByLabel('Follower cluster role').fill('follower-writer');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(row(page, 'metrics-rule')).toContainText('metrics-*');
  // A leader index matching the pattern is followed by the rule: it shows up as a follower row.
  await control('/leader/metrics-1');
  await expect(row(page, 'metrics-1')).toHaveCount(1, { timeout: 30_000 });
  page.once('dialog', (d) => void d.accept());
  await row(page, 'metrics-rule').getByRole('button', { name: 'Delete rule' }).click();
  await expect(row(page, 'metrics-rule')).toHaveCount(0);
});

test('a viewer sees no write action, and the gateway refuses one anyway', async ({ page }) => {
  await open(page, 'viewer');
  await expect(page.getByTestId('who')).toContainText('read-only');
  await expect(row(page, 'orders-copy')).toHaveCount(1);
  await expect(page.getByRole('button', { name: /Pause|Resume|Stop|Start replication|Delete/ })).toHaveCount(0);
  await expect(page.getByRole('checkbox')).toHaveCount(0);
  const refused = await api('viewer', 'POST', '/_plugins/_replication/orders-copy/_pause', {});
  expect(refused.status).toBe(403);
});

test('refresh pauses in a hidden tab and resumes when shown', async ({ page }) => {
  await open(page, 'viewer');
  await expect(row(page, 'orders-copy')).toHaveCount(1);
  let calls = 0;
  page.on('request', (r) => void (r.url().includes('/_gateway/flows') && calls++));
  const setHidden = (hidden: boolean) =>
    page.evaluate((h) => {
      Object.defineProperty(document, 'visibilityState', { value: h ? 'hidden' : 'visible', configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    }, hidden);
  await setHidden(true);
  await page.waitForTimeout(300);
  calls = 0;
  await page.waitForTimeout(4500);
  expect(calls).toBe(0);
  await setHidden(false);
  await expect.poll(() => calls, { timeout: 5000 }).toBeGreaterThan(0);
});

test('a gateway restart shows a notice, then the board picks up again without a reload', async ({ page }) => {
  await open(page, 'viewer');
  await expect(row(page, 'orders-copy')).toHaveCount(1);
  let navigations = 0;
  page.on('framenavigated', () => navigations++);
  const restart = control('/gateway/restart?down_ms=5000');
  await expect(page.getByTestId('live-warning')).toContainText('not answering', { timeout: 20_000 });
  await restart;
  await expect(page.getByTestId('live-warning')).toHaveCount(0, { timeout: 40_000 });
  await expect(row(page, 'orders-copy')).toHaveCount(1);
  await expect(page.getByTestId('updated')).toHaveText(/updated [0-9] s ago/);
  expect(navigations).toBe(0);
});
