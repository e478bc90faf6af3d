import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGateway, type FallbackFactory, type Gateway } from '../http/create-gateway';
import type { FerryPlugin } from '../plugin/define-plugin';
import type { RootModule } from '../plugin/root-module';

/** Options of {@link createTestGateway}. */
export interface TestGatewayOptions {
  plugins?: readonly FerryPlugin[];
  modules?: readonly RootModule[];
  /** Merged over the test defaults (temporary data dir, port 0, silent logs). */
  config?: Record<string, unknown>;
  fallback?: FallbackFactory;
  /** Listen on 127.0.0.1 with a free port (default true); needed for clients that take a URL. */
  listen?: boolean;
  /** Reuse a data dir (e.g. to test a restart); it is then not deleted on close. */
  dataDir?: string;
  /** A built console to serve under `/_console/`. */
  consoleDir?: string;
}

/** A gateway running in-process for a test. */
export interface TestGateway {
  gateway: Gateway;
  /** For supertest: `request(gw.app)`. */
  app: Gateway['handler'];
  /** `http://127.0.0.1:PORT` when listening. */
  url: string;
  dataDir: string;
  /** Stops the gateway and removes the temporary data dir. */
  close(): Promise<void>;
}

/** Builds and starts a gateway with a temporary data dir, for supertest or a real client. */
export async function createTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'ferry-test-'));
  const given = options.config ?? {};
  const config = {
    ...given,
    dataDir,
    server: { port: 0, host: '127.0.0.1', ...((given.server as object) ?? {}) },
    log: { level: 'silent', ...((given.log as object) ?? {}) },
  };
  const gateway = await createGateway({ config, plugins: options.plugins, modules: options.modules, fallback: options.fallback, consoleDir: options.consoleDir });
  let url = '';
  if (options.listen === false) await gateway.start();
  else url = `http://127.0.0.1:${(await gateway.listen({ port: 0, host: '127.0.0.1' })).port}`;
  return {
    gateway,
    app: gateway.handler,
    url,
    dataDir,
    async close() {
      await gateway.stop();
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
