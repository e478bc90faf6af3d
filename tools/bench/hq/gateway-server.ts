// Starts a Ferry gateway with the hq plugin and one connection `bench` → argv[2]; prints {"url": ...}.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGateway } from '@ferry/core';
import { clustersModule } from '@ferry/clusters';
import { hqInspectorPlugin } from '@ferry/hq-inspector';

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hq-bench-gw-'));
  const gateway = await createGateway({
    modules: [clustersModule()],
    plugins: [hqInspectorPlugin],
    config: {
      dataDir,
      log: { level: 'silent' },
      server: { port: 0, host: '127.0.0.1', bodyLimitBytes: 64 * 1024 * 1024 },
      clusters: { local: 'bench', connections: { bench: { url: process.argv[2] } } },
    },
  });
  const addr = await gateway.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${addr.port}` })}\n`);
  const stop = async () => {
    await gateway.stop();
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

void main();
