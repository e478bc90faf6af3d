import { expect, type Page } from '@playwright/test';
import type { World } from './world-process';

export function world(): World {
  const raw = process.env.FERRY_E2E_WORLD;
  if (!raw) throw new Error('FERRY_E2E_WORLD is not set: run through playwright.config.ts (its global setup starts the world)');
  return JSON.parse(raw) as World;
}

export type Role = keyof World['tokens'];

/** A call to the gateway as a role, for checking what the page did (never to do the page's work). */
export async function api(role: Role, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const w = world();
  const res = await fetch(w.url + path, { method, headers: { authorization: `Bearer ${w.tokens[role]}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* text */
  }
  return { status: res.status, body: parsed };
}

export async function control(path: string): Promise<void> {
  const res = await fetch(world().control + path, { method: 'POST' });
  if (res.status !== 204) throw new Error(`control ${path}: ${res.status} ${await res.text()}`);
}

/** Opens the console as a browser does (GET / → redirect) and signs in with the role's token. */
export async function signIn(page: Page, role: Role, base = world().url): Promise<void> {
  await page.goto(`${base}/`);
  await expect(page).toHaveURL(/\/_console\/$/);
  await page.getByLabel('Token').fill(world().tokens[role]);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('who')).toContainText(`(${role})`);
}

/**
 * Opens a console page already signed in as the role: the token is put in sessionStorage, where the sign-in
 * form keeps it (the form itself is tested by `signIn`).
 */
export async function open(page: Page, role: Role, hash = '#/flows'): Promise<void> {
  await page.addInitScript((token) => sessionStorage.setItem('ferry.console.token', token), world().tokens[role]);
  await page.goto(`${world().url}/_console/${hash}`);
  await expect(page.getByTestId('who')).toContainText(`(${role})`);
}

/** The board row of a flow, by its visible name. */
export const row = (page: Page, name: string) => page.locator('table.flows tbody tr').filter({ has: page.locator('.name', { hasText: new RegExp(`^${name.replace(/[[\]]/g, '\\$&')}$`) }) });

export async function waitForApi<T>(fn: () => Promise<T | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
