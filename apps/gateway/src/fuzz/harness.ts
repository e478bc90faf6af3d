import { startEmbeddedCluster, type EmbeddedCluster } from '@ferry/embedded-cluster';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFerry, type Ferry } from '../compose';
import { FuzzClient, type FuzzRequest } from './client';
import { captureLogger, type CapturedLogger } from './log-capture';
import { makeSecrets, type FuzzSecrets } from './secrets';

/** The gateway under fuzz with its peers, secrets and captured log. */
export interface FuzzTarget {
  ferry: Ferry;
  url: string;
  leader: EmbeddedCluster;
  secrets: FuzzSecrets;
  log: CapturedLogger;
  client: FuzzClient;
  /** Names the suite created: indices, connections, ids. */
  fixtures: FuzzFixtures;
  close(): Promise<void>;
}

/** What exists before the first fuzzed request, so valid requests can name real things. */
export interface FuzzFixtures {
  index: string;
  follower: string;
  ingestionIndex: string;
  hqClusters: string[];
  orgID: string;
  remoteID: string;
  bucketID: string;
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((ok) => server.close(() => ok()));
  return port;
}

function ferryConfig(options: { dir: string; leaderUrl: string; secrets: FuzzSecrets }): Record<string, unknown> {
  const { dir, leaderUrl, secrets: s } = options;
  return {
    dataDir: join(dir, 'ferry'),
    server: { port: 0, host: '127.0.0.1' },
    auth: {
      tokens: [
        { name: 'fz-viewer', token: s.viewerToken, role: 'viewer' },
        { name: 'fz-operator', token: s.operatorToken, role: 'operator' },
        { name: 'fz-admin', token: s.adminToken, role: 'admin' },
      ],
    },
    clusters: { connections: { leader: { url: leaderUrl, auth: { type: 'basic', username: 'ccr', password: s.ccrPassword } } } },
    ccr: { pollIntervalMs: 200, metadataSyncIntervalMs: 1000, roles: { reader: { username: 'reader', password: s.ccrRolePassword }, writer: { username: 'writer', password: s.ccrRolePassword } } },
    ingestion: { file: { roots: [join(dir, 'streams')] } },
    influx: { org: 'fz-org', bucket: 'fz-bucket', maxBackoffMs: 250, requestTimeoutMs: 1000 },
  };
}

/** Starts an embedded leader and a full Ferry (all plugins, auth on) and configures one of each secret. */
export async function startFuzzTarget(): Promise<FuzzTarget> {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-fuzz-'));
  const secrets = makeSecrets();
  const log = captureLogger();
  const leader = await startEmbeddedCluster({ name: 'leader', dataDir: join(dir, 'leader') });
  const ferry = await startFerry(ferryConfig({ dir, leaderUrl: leader.url, secrets }), { version: '0.0.0-fuzz', logger: log.logger });
  const url = ferry.url!;
  const client = new FuzzClient(url);
  const fixtures = await seed(client, { leaderUrl: leader.url, streams: join(dir, 'streams') }, secrets);
  return {
    ferry,
    url,
    leader,
    secrets,
    log,
    client,
    fixtures,
    async close() {
      client.close();
      await ferry.stop();
      await leader.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function must(client: FuzzClient, req: FuzzRequest, token: string): Promise<Record<string, unknown>> {
  const res = await client.send({ ...req, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...req.headers } });
  if (res.status >= 300) throw new Error(`fuzz set-up: ${req.method} ${req.path} answered ${res.status}: ${res.body.toString('utf8').slice(0, 500)}`);
  return res.body.length ? (JSON.parse(res.body.toString('utf8')) as Record<string, unknown>) : {};
}

const json = (v: unknown) => Buffer.from(JSON.stringify(v));

async function seedIngestion(client: FuzzClient, streams: string, token: string): Promise<void> {
  mkdirSync(join(streams, 'fz-ingest'), { recursive: true });
  const source = { type: 'file', pointer: { init: { reset: 'earliest' } }, param: { stream: 'fz-ingest', base_directory: streams } };
  await must(client, { method: 'PUT', path: '/fz-ingest', body: json({ settings: { index: { number_of_shards: 1, number_of_replicas: 0 }, ingestion_source: source } }) }, token);
}

async function seed(client: FuzzClient, peers: { leaderUrl: string; streams: string }, s: FuzzSecrets): Promise<FuzzFixtures> {
  const t = s.adminToken;
  const leaderUrl = peers.leaderUrl;
  await seedIngestion(client, peers.streams, t);
  await fetch(`${leaderUrl}/fz-leader`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' });
  await fetch(`${leaderUrl}/fz-leader/_doc/1?refresh=true`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
  await must(client, { method: 'PUT', path: '/fz-logs', body: json({ mappings: { properties: { msg: { type: 'text' } } } }) }, t);
  await must(client, { method: 'PUT', path: '/fz-logs/_doc/1?refresh=true', body: json({ msg: 'hello' }) }, t);
  const useRoles = { leader_cluster_role: 'reader', follower_cluster_role: 'writer' };
  await must(client, { method: 'PUT', path: '/_plugins/_replication/fz-follower/_start', body: json({ leader_alias: 'leader', leader_index: 'fz-leader', use_roles: useRoles }) }, t);
  await must(client, { method: 'POST', path: '/api/clusters/_connect', body: json({ url: leaderUrl, name: 'hq-basic', auth: { type: 'basic', username: 'hq', password: s.hqPassword } }) }, t);
  await must(client, { method: 'POST', path: '/api/clusters/_connect', body: json({ url: leaderUrl, name: 'hq-key', auth: { type: 'apiKey', apiKey: s.hqApiKey } }) }, t);
  const orgs = (await must(client, { method: 'GET', path: '/api/v2/orgs?org=fz-org' }, t)) as { orgs: { id: string }[] };
  const orgID = orgs.orgs[0].id;
  const buckets = (await must(client, { method: 'GET', path: `/api/v2/buckets?orgID=${orgID}` }, t)) as { buckets: { id: string; name: string }[] };
  const bucketID = buckets.buckets.find((b) => b.name === 'fz-bucket')!.id;
  const port = await closedPort();
  const remote = await must(client, { method: 'POST', path: '/api/v2/remotes', body: json({ orgID, name: 'fz-remote', remoteURL: `http://127.0.0.1:${port}`, remoteAPIToken: s.influxToken, remoteOrgID: '0000000000000001' }) }, t);
  await must(client, { method: 'POST', path: '/api/v2/replications', body: json({ orgID, name: 'fz-repl', remoteID: remote.id, localBucketID: bucketID, remoteBucketName: 'b' }) }, t);
  return { index: 'fz-logs', follower: 'fz-follower', ingestionIndex: 'fz-ingest', hqClusters: ['hq-basic', 'hq-key', 'leader', 'local'], orgID, remoteID: String(remote.id), bucketID };
}
