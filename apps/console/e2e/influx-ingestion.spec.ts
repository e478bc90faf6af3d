import { expect, test } from '@playwright/test';
import { api, control, open, row, world } from './fixtures';

test.describe.configure({ mode: 'serial' });

test('an Influx replication to influxd 1.6 through an outage: the error and the growing backlog show, then it drains', async ({ page }) => {
  await open(page, 'operator');
  const rep = row(page, 'sensors-to-16');
  await expect(rep).toContainText('influx16');
  await expect(rep).toContainText('204');
  await expect(rep.locator('.badge')).toHaveText('ok');
  await control('/influx/down');
  try {
    await expect(rep.locator('.badge')).toHaveText(/failed|lagging/, { timeout: 30_000 });
    await expect(rep.getByTestId('flow-error')).not.toBeEmpty();
    const toSync = () => rep.locator('dt', { hasText: 'to sync' }).locator('xpath=following-sibling::dd[1]').textContent();
    const before = await toSync();
    await expect.poll(toSync, { timeout: 15_000 }).not.toBe(before);
  } finally {
    await control('/influx/up');
  }
  await expect(rep.locator('.badge')).toHaveText('ok', { timeout: 40_000 });
  await expect(rep.getByTestId('flow-error')).toHaveCount(0);
});

test('Influx remotes and replications: create, edit, delete; a refused one shows the API text', async ({ page }) => {
  await open(page, 'operator');
  await page.getByRole('button', { name: 'Influx remotes & replications' }).click();
  const panel = page.locator('section.panel');
  await expect(panel.locator('tr[data-remote="influx16"]')).toBeVisible();
  await panel.getByRole('button', { name: 'Add remote' }).click();
  let dialog = page.getByRole('dialog', { name: 'Add remote' });
  await dialog.getByLabel('Name', { exact: true }).fill('direct16');
  await dialog.getByLabel('URL').fill(world().influxd);
  await dialog.getByLabel('Type').selectOption('v1');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(panel.locator('tr[data-remote="direct16"]')).toBeVisible();
  await panel.locator('tr[data-remote="direct16"]').getByRole('button', { name: 'Edit' }).click();
  dialog = page.getByRole('dialog', { name: 'Edit remote direct16' });
  await expect(dialog.getByLabel('API token')).toHaveValue('');
  await dialog.getByLabel('Name', { exact: true }).fill('direct-16');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(panel.locator('tr[data-remote="direct-16"]')).toBeVisible();

  await panel.getByRole('button', { name: 'Add replication' }).click();
  dialog = page.getByRole('dialog', { name: 'Add replication' });
  await dialog.getByLabel('Name', { exact: true }).fill('too-small');
  await dialog.locator('select[name="remoteID"]').selectOption({ label: 'direct-16' });
  await dialog.getByLabel('Remote bucket name').fill('replica');
  await dialog.getByLabel('Max queue size (bytes)').fill('10');
  await dialog.evaluate((d) => d.querySelector('form')!.noValidate = true);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(panel.getByTestId('notice')).toContainText('maxQueueSize too small, must be at least 33554430');
  await dialog.getByLabel('Max queue size (bytes)').fill('67108860');
  await dialog.getByLabel('Name', { exact: true }).fill('second-copy');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(panel.locator('tr[data-replication="second-copy"]')).toBeVisible();
  await expect(row(page, 'second-copy')).toHaveCount(1);
  await panel.locator('tr[data-replication="second-copy"]').getByRole('button', { name: 'Edit' }).click();
  dialog = page.getByRole('dialog', { name: 'Edit replication second-copy' });
  await dialog.getByLabel('Name', { exact: true }).fill('second-copy-renamed');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(panel.locator('tr[data-replication="second-copy-renamed"]')).toBeVisible();

  page.on('dialog', (d) => void d.accept());
  await panel.locator('tr[data-replication="second-copy-renamed"]').getByRole('button', { name: 'Delete' }).click();
  await expect(panel.locator('tr[data-replication="second-copy-renamed"]')).toHaveCount(0);
  await expect(row(page, 'second-copy-renamed')).toHaveCount(0);
  await panel.locator('tr[data-remote="direct-16"]').getByRole('button', { name: 'Delete' }).click();
  await expect(panel.locator('tr[data-remote="direct-16"]')).toHaveCount(0);
});

test('a Kafka ingestion index: one row per shard with moving pointers; pause, then resume with a reset of one shard', async ({ page }) => {
  await open(page, 'operator');
  const s0 = row(page, 'clicks[0]');
  await expect(s0).toHaveCount(1);
  await expect(row(page, 'clicks[1]')).toHaveCount(1);
  const pointer = () => s0.locator('dt', { hasText: 'pointer' }).locator('xpath=following-sibling::dd[1]').textContent();
  const first = await pointer();
  await expect.poll(pointer, { timeout: 20_000 }).not.toBe(first);
  await s0.getByRole('button', { name: 'Pause' }).click();
  await expect(s0.locator('.badge')).toHaveText('paused');
  await expect(row(page, 'clicks[1]').locator('.badge')).toHaveText('paused');
  const state = (await api('viewer', 'GET', '/clicks/ingestion/_state')).body;
  expect(JSON.stringify(state)).toMatch(/PAUSED|"poller_paused":true/);
  await s0.getByRole('button', { name: 'Resume…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Resume ingestion of clicks' });
  await dialog.getByLabel('Reset mode of shard 0').selectOption('offset');
  await dialog.getByLabel('Reset value of shard 0').fill('0');
  await dialog.getByRole('button', { name: 'Resume with 1 reset(s)' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(s0.locator('.badge')).not.toHaveText('paused');
  await expect(row(page, 'clicks[1]').locator('.badge')).not.toHaveText('paused');
});

test('a viewer sees the Influx and ingestion rows but no action on them', async ({ page }) => {
  await open(page, 'viewer');
  await expect(row(page, 'clicks[0]')).toHaveCount(1);
  await expect(row(page, 'sensors-to-16')).toHaveCount(1);
  await expect(page.getByRole('button', { name: /Pause|Resume|Influx remotes/ })).toHaveCount(0);
  expect((await api('viewer', 'POST', '/clicks/ingestion/_pause')).status).toBe(403);
  expect((await api('viewer', 'DELETE', '/api/v2/remotes/x')).status).toBe(403);
});
