// One embedded cluster in its own process (its own CPU share): prints {"url": ...} and runs until SIGTERM.
import { startEmbeddedCluster } from '@ferry/embedded-cluster';

async function main(): Promise<void> {
  const [name, dataDir] = process.argv.slice(2);
  const cluster = await startEmbeddedCluster({ name, dataDir });
  process.stdout.write(`${JSON.stringify({ url: cluster.url })}\n`);
  process.on('SIGTERM', () => void cluster.close().then(() => process.exit(0)));
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
