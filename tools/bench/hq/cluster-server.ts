// Starts one embedded cluster on 127.0.0.1 (free port) and prints {"url": ...} on stdout; stops on SIGTERM.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedCluster } from '@ferry/embedded-cluster';

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hq-bench-cluster-'));
  const cluster = await startEmbeddedCluster({ name: 'bench', dataDir });
  process.stdout.write(`${JSON.stringify({ url: cluster.url })}\n`);
  const stop = async () => {
    await cluster.close();
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

void main();
