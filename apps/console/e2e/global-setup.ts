import { CHROMIUM } from './playwright.config';
import { checkChromium, startWorld, stopWorld } from './world-process';

/** Checks the browser, starts the real gateway with its peers and flows once for every spec; stops it after. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  checkChromium(CHROMIUM);
  // While developing, point at a world.js already running (its READY json) instead of starting one.
  if (process.env.FERRY_E2E_WORLD) return async () => undefined;
  const { world, child } = await startWorld();
  process.env.FERRY_E2E_WORLD = JSON.stringify(world);
  return () => stopWorld(child);
}
