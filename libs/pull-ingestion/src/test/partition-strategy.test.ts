import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@opensearch-project/opensearch';
import type { Producer } from 'kafkajs';
import type { KafkaMock } from '../../../../tools/peers/kafka-mock';
import { countDocs, envelope, startKafkaHarness, waitFor, type IngestionHarness, type KafkaHarness } from '../../test/harness';

// The client's IngestionSource type predates source_partition_strategy.
const untyped = (settings: Record<string, unknown>): never => settings as never;

describe('source_partition_strategy: modulo (a shard reads every partition p with p % shards == shard)', () => {
  let h: IngestionHarness;
  let mock: KafkaMock;
  let producer: Producer;
  const json = async (call: Promise<{ body: unknown }>): Promise<any> => (await call).body;
  const state = async (index: string) => (await json(h.client.ingestion.getState({ index }))).ingestion_state[index] as { batch_start_pointer: string; poller_state: string }[];
  const pointers = async (index: string) => (await state(index)).map((s) => s.batch_start_pointer);
  const stats = async (index: string, shard = 0) => (await json(h.client.indices.stats({ index, level: 'shards' }))).indices[index].shards[String(shard)][0].polling_ingest_stats;
  /** Produces `count` documents `p<partition>-<i>` (from `from`) on one partition of `topic`. */
  const produce = (topic: string, partition: number, from: number, count: number) =>
    producer.send({ topic, messages: Array.from({ length: count }, (_, i) => ({ partition, value: JSON.stringify({ _id: `p${partition}-${from + i}`, _source: { partition, n: from + i } }) })) });
  const expectedIds = (counts: number[]) => counts.flatMap((n, p) => Array.from({ length: n }, (_, i) => `p${p}-${i}`)).sort();
  const ids = async (index: string) => {
    await h.client.indices.refresh({ index });
    const hits = (await json(h.client.search({ index, body: { size: 1000, _source: false } }))).hits.hits as { _id: string }[];
    return hits.map((x) => x._id).sort();
  };
  const createKafka = (index: string, shards: number, topic: string, init: Record<string, unknown> = { reset: 'earliest' }) =>
    h.client.indices.create({
      index,
      body: {
        settings: {
          index: { number_of_shards: shards },
          ingestion_source: untyped({ type: 'kafka', source_partition_strategy: 'modulo', pointer: { init }, pointer_based_lag_update_interval: '200ms', param: { topic, bootstrap_servers: mock.bootstrap } }),
        },
      },
    });

  let kafka: KafkaHarness;

  beforeAll(async () => {
    kafka = await startKafkaHarness();
    ({ h, mock, producer } = kafka);
  });
  afterAll(() => kafka?.close());

  it('reads a 4-partition topic into a 1-shard and a 2-shard index, then resumes every partition after a restart', async () => {
    const counts = [20, 15, 10, 5];
    for (const [p, n] of counts.entries()) await produce('m4', p, 0, n);
    await createKafka('mod1', 1, 'm4');
    await createKafka('mod2', 2, 'm4');
    await waitFor(async () => (await countDocs(h.client, 'mod1')) === 50 && (await countDocs(h.client, 'mod2')) === 50, '50 docs in both', 30_000);
    expect(await ids('mod1')).toEqual(expectedIds(counts));
    expect(await ids('mod2')).toEqual(expectedIds(counts));
    await waitFor(async () => (await stats('mod2', 1)).message_processor_stats.total_processed_count === 20, 'shard 1 wrote partitions 1 and 3');
    expect((await stats('mod2', 0)).message_processor_stats.total_processed_count).toBe(30);
    expect(await pointers('mod2')).toEqual([
      '[KafkaPartitionOffset{partition=0, offset=19}, KafkaPartitionOffset{partition=2, offset=9}]',
      '[KafkaPartitionOffset{partition=1, offset=14}, KafkaPartitionOffset{partition=3, offset=4}]',
    ]);
    await waitFor(async () => (await stats('mod1')).consumer_stats.pointer_based_lag === 0, 'lag summed over partitions is 0');
    const before = await pointers('mod1');

    await h.restart();
    expect(await pointers('mod1')).toEqual(before);
    for (const p of [0, 1, 2, 3]) await produce('m4', p, counts[p], 3);
    const after = counts.map((n) => n + 3);
    await waitFor(async () => (await countDocs(h.client, 'mod1')) === 62 && (await countDocs(h.client, 'mod2')) === 62, '62 docs in both', 30_000);
    expect(await ids('mod1')).toEqual(expectedIds(after));
    expect(await ids('mod2')).toEqual(expectedIds(after));
    // Every partition resumed from its own pointer: only the new messages were polled again.
    expect((await stats('mod1')).consumer_stats.total_polled_count).toBe(12);
  });

  it('resets named partitions on resume with partition:offset values; other partitions keep their position', async () => {
    const direct = new Client({ node: h.cluster.url });
    try {
      await direct.delete({ index: 'mod1', id: 'p2-0', refresh: true });
      await direct.delete({ index: 'mod1', id: 'p3-7', refresh: true });
    } finally {
      await direct.close();
    }
    await h.client.ingestion.pause({ index: 'mod1' });
    await waitFor(async () => (await state('mod1'))[0].poller_state === 'PAUSED', 'paused');
    const bare = await json(h.client.ingestion.resume({ index: 'mod1', body: { reset_settings: [{ shard: 0, mode: 'OFFSET', value: '5' }] } }));
    expect(bare.failures.mod1).toEqual([{ shard: 0, error: "Multi-partition mode requires offset in 'partition:offset' format (e.g., '3:42'), got: 5" }]);
    const resumed = await json(h.client.ingestion.resume({ index: 'mod1', body: { reset_settings: [{ shard: 0, mode: 'OFFSET', value: '2:0,3:7' }] } }));
    expect(resumed).toEqual({ acknowledged: true, shards_acknowledged: true, error: '' });
    await waitFor(async () => (await countDocs(h.client, 'mod1')) === 62, 'both deleted docs replayed');
    // Partition 2 replays 13 messages (0..12), partition 3 one (7); partitions 0 and 1 read nothing again.
    await waitFor(async () => (await stats('mod1')).consumer_stats.total_polled_count === 14, '14 polled after the reset');
    expect(await pointers('mod1')).toEqual([expect.stringContaining('KafkaPartitionOffset{partition=0, offset=22}, KafkaPartitionOffset{partition=1, offset=17}')]);
  });

  it('refuses an unknown strategy and a bare reset_by_offset value at index creation', async () => {
    const failure = async (call: Promise<unknown>) => call.then(() => undefined, (e: { meta: { statusCode: number; body: { error: { reason: string } } } }) => [e.meta.statusCode, e.meta.body.error.reason]);
    expect(await failure(h.client.indices.create({ index: 'bad', body: { settings: { ingestion_source: untyped({ type: 'kafka', source_partition_strategy: 'range', param: { topic: 't', bootstrap_servers: mock.bootstrap } }) } } }))).toEqual([
      400,
      'Unknown partition strategy: [range]. Valid values are [simple, modulo]',
    ]);
    expect(await failure(createKafka('bad', 1, 'm4', { reset: 'reset_by_offset', 'reset.value': '3' }))).toEqual([400, "Multi-partition mode requires offset in 'partition:offset' format (e.g., '3:42'), got: 3"]);
    await createKafka('mod-offset', 1, 'm4', { reset: 'reset_by_offset', 'reset.value': '0:23,1:18,2:13,3:8' });
    await produce('m4', 3, 8, 1);
    await waitFor(async () => (await countDocs(h.client, 'mod-offset')) === 1, 'only the new message');
    expect(await ids('mod-offset')).toEqual(['p3-8']);
  });

  it('reads <p>.ndjson files as partitions of a file stream, including files created later', async () => {
    const base = join(h.dir, 'streams');
    mkdirSync(join(base, 'fm'), { recursive: true });
    const append = (p: number, ...docIds: string[]) => appendFileSync(join(base, 'fm', `${p}.ndjson`), docIds.map((id) => `${envelope(id, { p })}\n`).join(''));
    append(0, 'a0', 'a1');
    append(1, 'b0');
    append(2, 'c0', 'c1', 'c2');
    await h.client.indices.create({
      index: 'fmod',
      body: { settings: { index: { number_of_shards: 2 }, ingestion_source: untyped({ type: 'file', source_partition_strategy: 'modulo', pointer: { init: { reset: 'earliest' } }, param: { stream: 'fm', base_directory: base } }) } },
    });
    await waitFor(async () => (await countDocs(h.client, 'fmod')) === 6, '6 docs');
    append(3, 'd0');
    await waitFor(async () => (await countDocs(h.client, 'fmod')) === 7, 'the new partition 3 file is read by shard 1', 10_000);
    expect(await pointers('fmod')).toEqual(['[FileOffset{partition=0, line=1}, FileOffset{partition=2, line=2}]', '[FileOffset{partition=1, line=0}, FileOffset{partition=3, line=0}]']);

    // raw_payload ids name the message's own partition and offset, so replays stay idempotent.
    await h.client.indices.create({
      index: 'fraw',
      body: { settings: { index: { number_of_shards: 1 }, ingestion_source: untyped({ type: 'file', source_partition_strategy: 'modulo', mapper_type: 'raw_payload', pointer: { init: { reset: 'earliest' } }, param: { stream: 'fm', base_directory: base } }) } },
    });
    await waitFor(async () => (await countDocs(h.client, 'fraw')) === 7, '7 raw docs');
    expect(await ids('fraw')).toEqual(['0-0:0', '0-0:1', '0-1:0', '0-2:0', '0-2:1', '0-2:2', '0-3:0']);
  });
});
