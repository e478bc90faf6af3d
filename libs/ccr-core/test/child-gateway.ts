import { createGateway } from '@ferry/core';
import { clustersModule, localPassThrough } from '@ferry/clusters';
import { ccrPlugin } from '../src';

/**
 * A gateway in its own process, so a test can kill -9 it: config JSON in argv[2]; prints
 * `READY <url>` once listening.
 */
async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2]);
  const gateway = await createGateway({ config, modules: [clustersModule()], plugins: [ccrPlugin], fallback: localPassThrough() });
  const address = await gateway.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`READY http://127.0.0.1:${address.port}\n`);
  process.on('SIGTERM', () => void gateway.stop().then(() => process.exit(0)));
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
