import request from 'supertest';
import type { Producer } from 'kafkajs';
import type { KafkaMock } from '../../../../tools/peers/kafka-mock';
import { countDocs, startKafkaHarness, waitFor, type IngestionHarness, type KafkaHarness } from '../../test/harness';

/** The flows board's ingestion rows, through the real gateway, reading the kcat mock Kafka broker. */
describe('ingestion shard flows on /_gateway/flows', () => {
  let kafka: KafkaHarness;
  let h: IngestionHarness;
  let mock: KafkaMock;
  let producer: Producer;
  const board = async (query = '?kind=ingestion-shard') => (await request(h.gw.app).get(`/_gateway/flows${query}`).expect(200)).body;
  const shard = async (n: number) => (await board()).flows.find((f: { id: string }) => f.id === `ingestion-shard:events:${n}`);
  const produce = (partition: number, from: number, to: number) =>
    producer.send({ topic: 'events', messages: Array.from({ length: to - from }, (_, i) => ({ partition, value: JSON.stringify({ _id: `p${partition}-${from + i}`, _source: { n: from + i } }) })) });

  beforeAll(async () => {
    kafka = await startKafkaHarness({ config: { flows: { sampleIntervalMs: 150 } } });
    ({ h, mock, producer } = kafka);
  });
  afterAll(() => kafka?.close());

  it('shows each shard with its poller state, pointer, counts and lag history as messages arrive', async () => {
    await produce(0, 0, 40);
    await produce(1, 0, 10);
    await h.client.indices.create({
      index: 'events',
      body: { settings: { index: { number_of_shards: 2 }, ingestion_source: { type: 'kafka', pointer: { init: { reset: 'earliest' } }, pointer_based_lag_update_interval: '100ms', param: { topic: 'events', bootstrap_servers: mock.bootstrap } } } },
    });
    await waitFor(async () => (await countDocs(h.client, 'events')) === 50, '50 docs', 30_000);
    const first = await waitFor(async () => {
      const f = await shard(0);
      return f?.details.processed === 40 && f.lag.operations === 0 ? f : undefined;
    }, 'shard 0 caught up');
    expect(first).toMatchObject({
      kind: 'ingestion-shard',
      name: 'events[0]',
      state: 'ok',
      status: 'POLLING',
      severity: 0,
      reason: null,
      error: null,
      lag: { operations: 0, seconds: 0, bytes: null },
      details: { index: 'events', shard: 0, source_type: 'kafka', paused: false, pointer: 'KafkaOffset{offset=39}', dead_lettered: 0, failed: 0 },
    });
    await produce(0, 40, 100);
    const later = await waitFor(async () => {
      const f = await shard(0);
      return f?.details.processed === 100 ? f : undefined;
    }, 'shard 0 at 100', 30_000);
    expect(later.details.pointer).toBe('KafkaOffset{offset=99}');
    // Pointer lag is known once the poller measured it; from then on every sample adds a point.
    const sampled = await waitFor(async () => ((await shard(0)).history.length > 1 ? (await shard(0)).history : undefined), 'two samples');
    expect(sampled.every(([t, v]: [number, number]) => t > 0 && v >= 0)).toBe(true);
    expect((await shard(1)).details).toMatchObject({ processed: 10, pointer: 'KafkaOffset{offset=9}' });
  });

  it('shows a pause with its reason, and a resume that resets one shard', async () => {
    await request(h.gw.app).post('/events/ingestion/_pause').expect(200);
    const paused = await waitFor(async () => {
      const all = (await board('?kind=ingestion-shard&state=paused')).flows;
      return all.length === 2 ? all : undefined;
    }, 'both shards paused');
    expect(paused[0]).toMatchObject({ status: 'PAUSED', severity: 2, reason: 'paused by request', details: { paused: true, paused_reason: 'paused by request' } });
    const resumed = await request(h.gw.app)
      .post('/events/ingestion/_resume')
      .send({ reset_settings: [{ shard: 1, mode: 'offset', value: '4' }] })
      .expect(200);
    expect(resumed.body).toEqual({ acknowledged: true, shards_acknowledged: true, error: '' });
    // Shard 1 replays offsets 4..9 (the same ids, so the count stays); its counters restart as OpenSearch's do.
    const replayed = await waitFor(async () => {
      const f = await shard(1);
      return f?.state === 'ok' && f.details.processed === 6 ? f : undefined;
    }, 'shard 1 replayed from offset 4', 30_000);
    expect(replayed.details.pointer).toBe('KafkaOffset{offset=9}');
    expect((await shard(0)).details.processed).toBe(100);
  });

  it('drops the shards of a deleted index', async () => {
    await h.client.indices.delete({ index: 'events' });
    await waitFor(async () => ((await board()).flows.length === 0 ? true : undefined), 'no ingestion flows');
  });
});
