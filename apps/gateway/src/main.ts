import 'reflect-metadata';
import { Command, InvalidArgumentError, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createLogger } from '@ferry/core';
import { CLUSTER_FLAVORS, type ClusterFlavor, startEmbeddedCluster } from '@ferry/embedded-cluster';
import { loadConfig, type CliOverrides } from './config/load-config';
import { startFerry } from './compose';
import { runSetup } from './config/setup';
import { rotateCommand } from './secrets/rotate-command';

function version(): string {
  try {
    return JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')).version;
  } catch {
    return '0.0.0';
  }
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('must be a port number (0-65535)');
  return n;
}

/** Stops `stop` on SIGTERM/SIGINT, exiting 0 when it finished and 1 if it took longer than `graceMs`. */
function onSignals(stop: () => Promise<void>, graceMs: number, log: (msg: string) => void): void {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`received ${signal}, stopping`);
    const force = setTimeout(() => {
      log('graceful stop took too long, exiting');
      process.exit(1);
    }, graceMs);
    force.unref();
    stop().then(
      () => process.exit(0),
      (err) => {
        log(`stop failed: ${(err as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => handler('SIGTERM'));
  process.once('SIGINT', () => handler('SIGINT'));
}

async function serve(overrides: CliOverrides): Promise<void> {
  const raw = loadConfig({ env: process.env, overrides });
  const ferry = await startFerry(raw, { version: version(), secretKey: process.env.FERRY_SECRET_KEY || undefined });
  ferry.logger.info({ url: ferry.url, embedded: ferry.embedded.map((c) => ({ name: c.name, url: c.url })) }, `ferry listening on ${ferry.url}`);
  onSignals(() => ferry.stop(), ferry.gateway.config.server.shutdownTimeoutMs + 2000, (m) => ferry.logger.info(m));
}

async function cluster(options: { name: string; port: number; host: string; dataDir: string; logLevel: string; flavor: ClusterFlavor }): Promise<void> {
  const logger = createLogger({ level: options.logLevel });
  const c = await startEmbeddedCluster({ name: options.name, port: options.port, host: options.host, dataDir: resolve(options.dataDir), logger, flavor: options.flavor });
  logger.info({ name: c.name, url: c.url }, `embedded cluster '${c.name}' listening on ${c.url}`);
  onSignals(() => c.close(), 10_000, (m) => logger.info(m));
}

/** The `ferry` command line. */
export async function main(argv: string[]): Promise<void> {
  const program = new Command('ferry').description('Replication and ingestion gateway for OpenSearch, Elasticsearch and InfluxDB').version(version());
  program
    .command('serve', { isDefault: true })
    .description('run the gateway (default)')
    .option('-p, --port <port>', 'port to listen on (FERRY_PORT, default 9400)', port)
    .option('-H, --host <host>', 'address to bind (FERRY_HOST, default 127.0.0.1)')
    .option('-d, --data-dir <dir>', 'state directory (FERRY_DATA_DIR, default ./data)')
    .option('-c, --config <file>', 'config file, JSON or YAML (FERRY_CONFIG)')
    .option('-l, --log-level <level>', 'fatal|error|warn|info|debug|trace|silent (FERRY_LOG_LEVEL)')
    .option('--store <url>', "metadata store: postgres://user:password@host:port/db shared by several gateways, or 'sqlite' (FERRY_STORE_URL, default sqlite in the data dir)")
    .option('--with-cluster <name...>', 'also start an embedded cluster with this name (e.g. leader)')
    .action((opts) => serve(opts));
  program
    .command('cluster')
    .description('run one embedded OpenSearch-compatible cluster on its own')
    .requiredOption('-n, --name <name>', 'cluster name')
    .option('-p, --port <port>', 'port', port, 9200)
    .option('-H, --host <host>', 'address to bind', '127.0.0.1')
    .option('-d, --data-dir <dir>', 'data directory', './data/cluster')
    .option('-l, --log-level <level>', 'log level', 'info')
    .addOption(new Option('--flavor <flavor>', 'family to answer as (root, point-in-time, errors)').choices([...CLUSTER_FLAVORS]).default('opensearch-3'))
    .action((opts) => cluster(opts));
  program
    .command('setup')
    .description('write an initial InfluxDB org, bucket and API token into a config file (like `influx setup`)')
    .requiredOption('-c, --config <file>', 'config file to create or update (JSON or YAML)')
    .requiredOption('-o, --org <org>', 'organization name')
    .option('-b, --bucket <bucket>', 'bucket name')
    .option('--token-name <name>', 'name of the token', 'admin')
    .option('--role <role>', 'viewer, operator or admin', 'admin')
    .action((opts) => {
      const result = runSetup({ file: opts.config, org: opts.org, bucket: opts.bucket, tokenName: opts.tokenName, role: opts.role });
      process.stdout.write(
        result.created
          ? `wrote ${opts.config}; the new ${opts.role} token (shown only once):\n${result.token}\n`
          : `updated ${opts.config}; token '${opts.tokenName}' already existed and was kept\n`,
      );
    });
  program
    .command('secrets')
    .description('manage the key that encrypts stored secrets')
    .command('rotate')
    .description('re-encrypt stored secrets with a new key (gateways stopped; FERRY_SECRET_KEY_NEW or a generated key)')
    .option('-d, --data-dir <dir>', 'state directory (FERRY_DATA_DIR, default ./data)')
    .option('-c, --config <file>', 'config file, JSON or YAML (FERRY_CONFIG)')
    .option('--new-key-file <file>', 'file holding the new key (32 bytes, base64 or hex)')
    .option('--store <url>', 'a PostgreSQL store (postgres://...; FERRY_STORE_URL) instead of the data dir\'s ferry.db; stop every gateway on it first')
    .action(async (opts) => void process.stdout.write(await rotateCommand(opts, process.env)));
  await program.parseAsync(argv);
}
