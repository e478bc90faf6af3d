// A gateway with one plugin in its own process: config JSON in argv[2], the plugin as `<package>#<export>` in
// argv[3] (e.g. `@ferry/ccr-core#ccrPlugin`); prints {"url": ...} and runs until SIGTERM.
import { createGateway, type FerryPlugin } from '@ferry/core';
import { clustersModule, localPassThrough } from '@ferry/clusters';

async function main(): Promise<void> {
  const [pkg, name] = process.argv[3].split('#');
  const plugin = (await import(pkg))[name] as FerryPlugin<unknown>;
  const gateway = await createGateway({ config: JSON.parse(process.argv[2]), modules: [clustersModule()], plugins: [plugin], fallback: localPassThrough() });
  const address = await gateway.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${address.port}` })}\n`);
  process.on('SIGTERM', () => void gateway.stop().then(() => process.exit(0)));
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
