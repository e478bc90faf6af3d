// A gateway with the pull-ingestion plugin in its own process: config JSON in argv[2]; prints {"url": ...}.
import { createGateway } from '@ferry/core';
import { clustersModule, localPassThrough } from '@ferry/clusters';
import { pullIngestionPlugin } from '@ferry/pull-ingestion';

async function main(): Promise<void> {
  const gateway = await createGateway({ config: JSON.parse(process.argv[2]), modules: [clustersModule()], plugins: [pullIngestionPlugin], fallback: localPassThrough() });
  const address = await gateway.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${address.port}` })}\n`);
  process.on('SIGTERM', () => void gateway.stop().then(() => process.exit(0)));
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
