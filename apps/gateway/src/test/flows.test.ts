import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import request from 'supertest';
import { startKafkaMock, type KafkaMock } from '../../../../tools/peers/kafka-mock';
import type { Influxd } from '../../../../tools/peers/influxd';
import { startFerry, type Ferry } from '../compose';

// tools/peers is not an Nx project: loaded by path (module boundaries).
const { startInfluxd } = require(join(__dirname, '../../../../tools/peers/influxd')) as { startInfluxd(): Promise<Influxd> };

const VIEWER = 'Bearer viewer-token-0123456789';
const OPERATOR = 'Bearer operator-token-0123456789';
const tokens = [
  { name: 'ann', token: 'viewer-token-0123456789', role: 'viewer' },
  { name: 'bob', token: 'operator-token-0123456789', role: 'operator' },
];
const useRoles = { leader_cluster_role: 'leader_reader', follower_cluster_role: 'follower_writer' };

type FlowRow = { id: string; kind: string; state: string; details: Record<string, any>; lag: Record<string, number | null>; history: [number, number][] };

/**
 * The whole gateway with auth on and one flow of every kind: a CCR follower of an embedded leader under
 * writes, an autofollow rule, a Kafka ingestion index (kcat mock broker) and an Influx replication to influxd.
 */
describe('the flows board over every plugin, with auth on', () => {
  let ferry: Ferry;
  let dataDir: string;
  let mock: KafkaMock;
  let producer: Producer;
  let influxd: Influxd;
  const as = (auth: string) => ({
    get: (url: string) => request(ferry.gateway.handler).get(url).set('authorization', auth),
    post: (url: string, body?: object | string) => request(ferry.gateway.handler).post(url).set('authorization', auth).send(body as object),
    put: (url: string, body?: object) => request(ferry.gateway.handler).put(url).set('authorization', auth).send(body),
    delete: (url: string, body?: object) => request(ferry.gateway.handler).delete(url).set('authorization', auth).send(body),
  });
  const board = async (query = ''): Promise<FlowRow[]> => (await as(VIEWER).get(`/_gateway/flows${query}`).expect(200)).body.flows;
  const leaderUrl = () => ferry.embedded.find((c) => c.name === 'leader')!.url;
  const leaderWrite = (from: number, to: number) =>
    fetch(`${leaderUrl()}/_bulk?refresh=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: Array.from({ length: to - from }, (_, i) => `{"index":{"_index":"orders","_id":"o${from + i}"}}\n{"n":${from + i}}\n`).join(''),
    });
  async function until<T>(fn: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await fn();
      if (v !== undefined) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ferry-flows-'));
    [mock, influxd] = await Promise.all([startKafkaMock(), startInfluxd()]);
    await influxd.createDatabase('copy');
    producer = new Kafka({ brokers: [mock.bootstrap], logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    ferry = await startFerry(
      {
        dataDir,
        log: { level: 'silent' },
        auth: { tokens },
        embedded: { clusters: [{ name: 'local' }, { name: 'leader' }] },
        flows: { sampleIntervalMs: 200 },
        ccr: { pollIntervalMs: 50, autofollowPollIntervalMs: 200, roles: { leader_reader: { username: 'reader', password: 'secret-pass' }, follower_writer: { apiKey: 'k1' } } },
        ingestion: { retryWaitMs: 200, consumerInitRetryMs: 300, idleMs: 20 },
        influx: { org: 'edge', bucket: 'sensors', maxBackoffMs: 300 },
      },
      { version: '0.0.0', listen: false },
    );
  });
  afterAll(async () => {
    await producer?.disconnect().catch(() => undefined);
    await ferry?.stop();
    await mock?.stop();
    await influxd?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows one flow of each kind, with numbers that move as data flows', async () => {
    await leaderWrite(0, 100);
    await as(OPERATOR).put('/_plugins/_replication/orders-f/_start', { leader_alias: 'leader', leader_index: 'orders', use_roles: useRoles }).expect(200);
    await fetch(`${leaderUrl()}/logs-a`, { method: 'PUT' });
    await as(OPERATOR).post('/_plugins/_replication/_autofollow', { leader_alias: 'leader', name: 'logs', pattern: 'logs-*', use_roles: useRoles }).expect(200);

    await producer.send({ topic: 'events', messages: Array.from({ length: 30 }, (_, i) => ({ partition: 0, value: JSON.stringify({ _id: `e${i}`, _source: { n: i } }) })) });
    const ingestion = { ingestion_source: { type: 'kafka', pointer: { init: { reset: 'earliest' } }, pointer_based_lag_update_interval: '100ms', param: { topic: 'events', bootstrap_servers: mock.bootstrap } } };
    await as(OPERATOR).put('/events', { settings: { index: { number_of_shards: 1, ...ingestion } } }).expect(200);

    const orgID = (await as(OPERATOR).get('/api/v2/orgs?org=edge').expect(200)).body.orgs[0].id;
    const bucketID = (await as(OPERATOR).get(`/api/v2/buckets?orgID=${orgID}&name=sensors`).expect(200)).body.buckets[0].id;
    const remote = (await as(OPERATOR).post('/api/v2/remotes', { orgID, name: 'influx16', remoteURL: influxd.url, remoteAPIToken: '', allowInsecureTLS: false, remoteType: 'v1' }).expect(201)).body;
    await as(OPERATOR).post('/api/v2/replications', { orgID, name: 'to-copy', remoteID: remote.id, localBucketID: bucketID, remoteBucketName: 'copy', maxQueueSizeBytes: 67108860, maxAgeSeconds: 0 }).expect(201);
    const points = Array.from({ length: 500 }, (_, i) => `m,host=h${i % 3} value=${i} ${1_700_000_000 + i}`).join('\n');
    await request(ferry.gateway.handler).post('/api/v2/write?org=edge&bucket=sensors&precision=s').set('authorization', OPERATOR).set('content-type', 'text/plain').send(points).expect(204);

    const first = await until(async () => {
      const rows = await board();
      const kinds = new Set(rows.map((r) => r.kind));
      const follower = rows.find((r) => r.id === 'ccr-follower:orders-f');
      return kinds.size === 4 && follower?.details.follower_checkpoint === 99 ? rows : undefined;
    }, 'four kinds on the board, the follower caught up');
    await leaderWrite(100, 300);
    await producer.send({ topic: 'events', messages: Array.from({ length: 20 }, (_, i) => ({ partition: 0, value: JSON.stringify({ _id: `e${30 + i}`, _source: { n: i } }) })) });
    const later = await until(async () => {
      const rows = await board();
      const f = rows.find((r) => r.id === 'ccr-follower:orders-f');
      const shard = rows.find((r) => r.id === 'ingestion-shard:events:0');
      const influx = rows.find((r) => r.kind === 'influx-replication');
      return f?.details.follower_checkpoint === 299 && shard?.details.processed === 50 && influx?.details.remaining_bytes_to_be_synced === 0 && influx.history.length > 1 ? rows : undefined;
    }, 'the follower, the shard and the replication to move on');
    const byKind = (rows: FlowRow[], kind: string) => rows.find((r) => r.kind === kind && r.id !== 'ccr-follower:logs-a')!;
    expect(byKind(first, 'ccr-follower').details.leader_checkpoint).toBe(99);
    expect(byKind(later, 'ccr-follower').details.leader_checkpoint).toBe(299);
    expect(later.find((r) => r.id === 'ccr-follower:logs-a')?.details.rule).toBe('leader:logs');
    expect(byKind(later, 'ingestion-shard').details.pointer).toBe('KafkaOffset{offset=49}');
    expect(byKind(later, 'ccr-autofollow')).toMatchObject({ id: 'ccr-autofollow:leader:logs', details: { started: 1, failed_indices: [] } });
    expect(await influxd.count('copy', 'm')).toBe(500);
    if (process.env.FLOWS_DUMP) console.log(JSON.stringify(['ccr-follower', 'ccr-autofollow', 'influx-replication', 'ingestion-shard'].map((k) => byKind(later, k)), null, 1));
  });

  it.each([
    ['ccr pause', 'post', '/_plugins/_replication/orders-f/_pause', {}],
    ['ccr stop', 'post', '/_plugins/_replication/orders-f/_stop', {}],
    ['autofollow delete', 'delete', '/_plugins/_replication/_autofollow', { leader_alias: 'leader', name: 'logs' }],
    ['ingestion pause', 'post', '/events/ingestion/_pause', undefined],
    ['ingestion resume with a reset', 'post', '/events/ingestion/_resume', { reset_settings: [{ shard: 0, mode: 'offset', value: '0' }] }],
  ] as const)('refuses a viewer the action %s (403) and the flow stays as it was', async (_name, method, url, body) => {
    const res = await as(VIEWER)[method](url, body);
    expect(res.status).toBe(403);
    expect(res.body.error.type).toBe('security_exception');
    const rows = await board();
    expect(rows.find((r) => r.id === 'ccr-follower:orders-f')?.state).toBe('ok');
    expect(rows.find((r) => r.id === 'ingestion-shard:events:0')?.state).toBe('ok');
    expect(rows.find((r) => r.id === 'ccr-autofollow:leader:logs')).toBeDefined();
  });

  it('lets an operator pause what a viewer could not, and the board shows it', async () => {
    await as(OPERATOR).post('/_plugins/_replication/orders-f/_pause', { reason: 'nightly backup' }).expect(200);
    await as(OPERATOR).post('/events/ingestion/_pause').expect(200);
    const paused = await board('?state=paused');
    expect(paused.map((r) => r.id).sort()).toEqual(['ccr-follower:orders-f', 'ingestion-shard:events:0']);
    expect(paused.find((r) => r.kind === 'ccr-follower')).toMatchObject({ reason: 'nightly backup', status: 'PAUSED' });
    const who = await as(VIEWER).get('/_gateway/whoami').expect(200);
    expect(who.body).toEqual({ auth_enabled: true, role: 'viewer', token_name: 'ann' });
  });
});
