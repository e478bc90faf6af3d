// Starts a Ferry gateway with the hq plugin, a connection `bench` → argv[2] and, like `ferry serve` does for its
// local cluster, an embedded cluster `inproc` served in-process; prints {"url": ...}.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGateway } from '@ferry/core';
import { clustersModule, CLUSTERS } from '@ferry/clusters';
import { startEmbeddedCluster } from '@ferry/embedded-cluster';
import { hqInspectorPlugin } from '@ferry/hq-inspector';

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hq-bench-gw-'));
  const inproc = await startEmbeddedCluster({ name: 'inproc', dataDir: join(dataDir, 'inproc') });
  const gateway = await createGateway({
    modules: [clustersModule()],
    plugins: [hqInspectorPlugin],
    config: {
      dataDir,
      log: { level: 'silent' },
      server: { port: 0, host: '127.0.0.1', bodyLimitBytes: 64 * 1024 * 1024 },
      clusters: { local: 'bench', connections: { bench: { url: process.argv[2] }, inproc: { url: inproc.url } } },
    },
  });
  gateway.container.resolve(CLUSTERS).attachInProcess('inproc', inproc.handler);
  const addr = await gateway.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${addr.port}` })}\n`);
  const stop = async () => {
    await gateway.stop();
    await inproc.close();
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

void main();
