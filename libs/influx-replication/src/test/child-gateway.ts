/**
 * A gateway in its own process, for crash tests: `node -r ts-node/register/transpile-only -r tsconfig-paths/register
 * child-gateway.ts <dataDir> <config json>`. Prints `LISTENING <url>` once it serves.
 */
import { createGateway } from '@ferry/core';
import { influxReplicationPlugin } from '../plugin';

async function main(): Promise<void> {
  const [dataDir, json] = process.argv.slice(2);
  const config = { ...(JSON.parse(json) as Record<string, unknown>), dataDir, log: { level: 'silent' } };
  const gateway = await createGateway({ config, plugins: [influxReplicationPlugin] });
  const address = await gateway.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`LISTENING http://127.0.0.1:${address.port}\n`);
  process.on('SIGTERM', () => void gateway.stop().then(() => process.exit(0)));
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
