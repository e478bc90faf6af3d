import type { Producer } from 'kafkajs';
import type { KafkaMock } from '../../../../tools/peers/kafka-mock';
import { countDocs, startKafkaHarness, waitFor, type IngestionHarness, type KafkaHarness } from '../../test/harness';

describe('pull ingestion from Kafka (librdkafka mock cluster) through the gateway', () => {
  let h: IngestionHarness;
  let mock: KafkaMock;
  let producer: Producer;
  const json = async (call: Promise<{ body: unknown }>): Promise<any> => (await call).body;
  // With ?ferry=true: the tests read Ferry's extras (paused_reason, last_error) too.
  const state = async (index: string) => (await json(h.client.ingestion.getState({ index, ferry: true } as never))).ingestion_state[index];
  const produce = (topic: string, partition: number, docs: { id: string; n: number }[]) =>
    producer.send({ topic, messages: docs.map((d) => ({ partition, value: JSON.stringify({ _id: d.id, _version: String(d.n), _source: { n: d.n } }) })) });
  const range = (prefix: string, from: number, to: number) => Array.from({ length: to - from }, (_, i) => ({ id: `${prefix}${from + i}`, n: from + i }));
  const create = (index: string, shards: number, topic: string, pointer: Record<string, unknown>) =>
    h.client.indices.create({
      index,
      body: { settings: { index: { number_of_shards: shards }, ingestion_source: { type: 'kafka', pointer: { init: pointer }, pointer_based_lag_update_interval: '200ms', param: { topic, bootstrap_servers: mock.bootstrap } } } },
    });
  const ids = async (index: string) => {
    await h.client.indices.refresh({ index });
    const hits = (await json(h.client.search({ index, body: { size: 1000, query: { match_all: {} } } }))).hits.hits as { _id: string }[];
    return hits.map((x) => x._id).sort();
  };

  let kafka: KafkaHarness;

  beforeAll(async () => {
    kafka = await startKafkaHarness();
    ({ h, mock, producer } = kafka);
  });
  afterAll(() => kafka?.close());

  it('reads partition N into shard N from the earliest offset while producing, and counts every document', async () => {
    await produce('orders', 0, range('a', 0, 50));
    await produce('orders', 1, range('b', 0, 30));
    await create('orders', 2, 'orders', { reset: 'earliest' });
    await produce('orders', 1, range('b', 30, 60));
    await waitFor(async () => (await countDocs(h.client, 'orders')) === 110, '110 docs', 30_000);
    const expected = [...range('a', 0, 50), ...range('b', 0, 60)].map((d) => d.id).sort();
    expect(await ids('orders')).toEqual(expected);
    expect((await state('orders')).map((s: { batch_start_pointer: string }) => s.batch_start_pointer)).toEqual(['KafkaOffset{offset=49}', 'KafkaOffset{offset=59}']);
    const stats = await json(h.client.indices.stats({ index: 'orders', level: 'shards' }));
    expect(stats.indices.orders.shards['1'][0].polling_ingest_stats.message_processor_stats.total_processed_count).toBe(60);
    await waitFor(async () => {
      const s = await json(h.client.indices.stats({ index: 'orders', level: 'shards' }));
      return s.indices.orders.shards['1'][0].polling_ingest_stats.consumer_stats.pointer_based_lag === 0;
    }, 'pointer lag 0', 15_000);
  });

  it('starts at reset_by_offset and at latest, and resets by offset on resume', async () => {
    await produce('resets', 0, range('r', 0, 5));
    await create('k-offset', 1, 'resets', { reset: 'reset_by_offset', 'reset.value': '2' });
    await create('k-latest', 1, 'resets', { reset: 'latest' });
    await waitFor(async () => (await state('k-latest'))[0].batch_start_pointer === 'KafkaOffset{offset=5}', 'latest resolved', 20_000);
    await produce('resets', 0, range('r', 5, 7));
    await waitFor(async () => (await countDocs(h.client, 'k-offset')) === 5, 'offsets 2..6', 30_000);
    expect(await ids('k-offset')).toEqual(['r2', 'r3', 'r4', 'r5', 'r6']);
    await waitFor(async () => (await countDocs(h.client, 'k-latest')) === 2, 'only new messages', 30_000);
    expect(await ids('k-latest')).toEqual(['r5', 'r6']);

    await h.client.ingestion.pause({ index: 'k-latest' });
    await waitFor(async () => (await state('k-latest'))[0].poller_state === 'PAUSED', 'paused');
    const resumed = await json(h.client.ingestion.resume({ index: 'k-latest', body: { reset_settings: [{ shard: 0, mode: 'OFFSET', value: '0' }] } }));
    expect(resumed).toEqual({ acknowledged: true, shards_acknowledged: true, error: '' });
    await waitFor(async () => (await countDocs(h.client, 'k-latest')) === 7, 'replayed from offset 0', 30_000);
  });

  it('pauses the poller with its reason when the broker goes away (fatal consumer error)', async () => {
    await produce('fatal', 0, range('f', 0, 3));
    await create('k-fatal', 1, 'fatal', { reset: 'earliest' });
    await waitFor(async () => (await countDocs(h.client, 'k-fatal')) === 3, '3 docs', 30_000);
    await producer.disconnect();
    await mock.stop();
    await waitFor(async () => (await state('k-fatal'))[0].poller_state === 'PAUSED', 'auto-paused', 60_000);
    expect((await state('k-fatal'))[0]).toMatchObject({ poller_state: 'PAUSED', batch_start_pointer: 'KafkaOffset{offset=2}' });
    expect((await state('k-fatal'))[0].paused_reason).toMatch(/^Fatal error occurred in polling the shard: Kafka consumer failed/);
  }, 90_000);
});
