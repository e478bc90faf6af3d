import { expect, test } from '@playwright/test';
import { api, open, world } from './fixtures';

test.describe.configure({ mode: 'serial' });

test('saved connections: the embedded clusters are listed; add one with auth, secrets never shown back; remove it', async ({ page }) => {
  await open(page, 'admin');
  await page.getByRole('link', { name: 'Clusters' }).click();
  await expect(page.locator('tr[data-cluster="local"]')).toBeVisible();
  await expect(page.locator('tr[data-cluster="leader"]')).toBeVisible();
  const leaderUrl = (await api('admin', 'GET', '/api/clusters')).body.data.find((c: { cluster_name: string }) => c.cluster_name === 'leader').cluster_host as string;
  const form = page.locator('form', { has: page.getByRole('heading', { name: 'Add a connection' }) });
  await form.getByLabel('Name').fill('leader-again');
  await form.getByLabel('URL').fill(/^https?:/.test(leaderUrl) ? leaderUrl : `http://${leaderUrl}`);
  await form.getByLabel('Authentication').selectOption('basic');
  await form.getByLabel('User', { exact: true }).fill('ops');
  await form.getByLabel('Password', { exact: true }).fill('s3cret-password-xyz');
  await form.getByRole('button', { name: 'Connect' }).click();
  await expect(page.getByTestId('notice')).toContainText('Connected leader-again');
  const added = page.locator('tr[data-cluster="leader-again"]');
  await expect(added).toContainText('basic');
  expect(await page.content()).not.toContain('s3cret-password-xyz');
  expect(JSON.stringify((await api('admin', 'GET', '/api/clusters')).body)).not.toContain('s3cret-password-xyz');
  page.once('dialog', (d) => void d.accept());
  await added.getByRole('button', { name: 'Remove' }).click();
  await expect(added).toHaveCount(0);
});

test('a failed connect shows the API error text', async ({ page }) => {
  await open(page, 'admin', '#/clusters');
  const form = page.locator('form', { has: page.getByRole('heading', { name: 'Add a connection' }) });
  await form.getByLabel('URL').fill('http://127.0.0.1:1');
  await form.getByRole('button', { name: 'Connect' }).click();
  await expect(page.getByTestId('notice')).toContainText('Connect failed:');
});

test('cluster overview and its indices table: sort, filter, open an index', async ({ page }) => {
  await open(page, 'operator', '#/clusters/local');
  const cards = page.getByTestId('cluster-cards');
  await expect(cards).toContainText('health');
  await expect(cards).toContainText('nodes');
  const table = page.getByTestId('indices-table');
  await expect(table.locator('tbody tr', { hasText: 'orders-copy' })).toHaveCount(1);
  await table.getByLabel('Filter Index').fill('invoices');
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await table.getByLabel('Filter Index').fill('');
  await table.getByRole('button', { name: /^Docs/ }).click();
  const docs = await table.locator('tbody tr td:nth-child(4)').allTextContents();
  const nums = docs.map((d) => Number(d.replace(/,/g, '')) || 0);
  expect([...nums].sort((a, b) => b - a)).toEqual(nums);
  await table.getByRole('link', { name: 'orders-copy' }).click();
  await expect(page.getByRole('heading', { name: 'Index orders-copy' })).toBeVisible();
  await expect(page.getByTestId('index-cards')).toContainText('documents');
  await expect(page.getByTestId('index-settings')).toContainText('number_of_shards');
  await page.getByRole('button', { name: 'Refresh', exact: true }).click();
  await expect(page.getByTestId('notice')).toContainText('Refresh: done');
});

test('an index is deleted only with its name typed again', async ({ page }) => {
  await open(page, 'operator');
  expect((await api('operator', 'PUT', '/scratch-index', {})).status).toBe(200);
  await page.goto(`${world().url}/_console/#/clusters/local/indices/scratch-index`);
  const del = page.getByRole('button', { name: 'Delete index' });
  await expect(del).toBeDisabled();
  await page.getByLabel('Type scratch-index to confirm').fill('scratch-index');
  await del.click();
  await expect(page.getByTestId('notice')).toContainText('Deleted scratch-index');
  expect((await api('viewer', 'GET', '/scratch-index')).status).toBe(404);
});

test('nodes, node page, diagnostics and snapshots', async ({ page }) => {
  await open(page, 'viewer', '#/clusters/local/nodes');
  const link = page.locator('table tbody tr td a').first();
  await expect(link).toBeVisible();
  await link.click();
  await expect(page.getByTestId('node-cards')).toContainText('heap used');
  await page.getByRole('link', { name: 'Diagnostics' }).click();
  await expect(page.getByTestId('diagnostics').first()).toContainText(/PASS|WARN|DANGER/);
  await expect(page.locator('h2', { hasText: /\d+ PASS · \d+ WARN · \d+ DANGER/ }).first()).toBeVisible();
  await page.getByRole('link', { name: 'Snapshots' }).click();
  await expect(page.getByText(/Snapshot repositories/)).toBeVisible();
});
