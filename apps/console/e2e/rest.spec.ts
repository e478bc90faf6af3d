import { expect, test } from '@playwright/test';
import { api, open } from './fixtures';

test('the REST console sends a request to the local cluster and to another through the HQ proxy, with history', async ({ page }) => {
  await open(page, 'operator');
  await page.getByRole('link', { name: 'REST' }).click();
  await page.getByLabel('Path').fill('_cat/indices?format=json');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByTestId('rest-status')).toContainText(/200 in \d+ ms/);
  await expect(page.getByTestId('rest-body')).toContainText('orders-copy');
  await page.getByLabel('Cluster').selectOption('leader');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByTestId('rest-body')).toContainText('"orders"');
  await expect(page.getByTestId('rest-body')).not.toContainText('orders-copy');
  // A write, and the cluster's own error text for a bad one.
  await page.getByLabel('Cluster').selectOption('local');
  await page.getByLabel('Method').selectOption('PUT');
  await page.getByLabel('Path').fill('rest-made');
  await page.getByLabel('Body (JSON)').fill('{"settings":{"number_of_shards":1}}');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByTestId('rest-status')).toContainText('200');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByTestId('rest-status')).toContainText('400');
  await expect(page.getByTestId('rest-body')).toContainText('resource_already_exists_exception');
  expect((await api('viewer', 'GET', '/rest-made')).status).toBe(200);
  const history = page.locator('table.history tbody tr');
  await expect(history).toHaveCount(3);
  await history.nth(2).getByRole('button', { name: 'Load' }).click();
  await expect(page.getByLabel('Path')).toHaveValue('_cat/indices?format=json');
});

test('a viewer gets read methods only', async ({ page }) => {
  await open(page, 'viewer', '#/rest');
  await expect(page.getByLabel('Method').locator('option')).toHaveText(['GET', 'HEAD']);
  await page.getByLabel('Path').fill('_cluster/health');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByTestId('rest-status')).toContainText('200');
});
