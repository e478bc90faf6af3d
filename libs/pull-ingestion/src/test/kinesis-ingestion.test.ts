import { DeleteStreamCommand, DescribeStreamCommand, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { startKinesalite, type KinesisPeer } from '../../../../tools/peers/kinesis';
import { countDocs, startHarness, waitFor, type IngestionHarness } from '../../test/harness';

describe('pull ingestion from Kinesis (kinesalite) through the gateway', () => {
  let h: IngestionHarness;
  let peer: KinesisPeer;
  const json = async (call: Promise<{ body: unknown }>): Promise<any> => (await call).body;
  // With ?ferry=true: the tests read Ferry's extras (paused_reason, last_error) too.
  const state = async (index: string) => (await json(h.client.ingestion.getState({ index, ferry: true } as never))).ingestion_state[index];
  const sorted = async (index: string) => {
    await h.client.indices.refresh({ index });
    return ((await json(h.client.search({ index, body: { size: 100 } }))).hits.hits as { _id: string }[]).map((x) => x._id).sort();
  };
  /** Puts records on shard `shard` of `stream`; returns their sequence numbers. */
  const put = async (stream: string, shard: number, ids: string[]) => {
    const d = await peer.client.send(new DescribeStreamCommand({ StreamName: stream }));
    const hashKey = d.StreamDescription!.Shards![shard].HashKeyRange!.StartingHashKey!;
    const out = await peer.client.send(
      new PutRecordsCommand({ StreamName: stream, Records: ids.map((id) => ({ Data: Buffer.from(JSON.stringify({ _id: id, _source: { id } })), PartitionKey: id, ExplicitHashKey: hashKey })) }),
    );
    return out.Records!.map((r) => r.SequenceNumber!);
  };
  const create = (index: string, stream: string, shards: number, init: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    h.client.indices.create({
      index,
      body: {
        settings: {
          index: { number_of_shards: shards },
          ingestion_source: { type: 'kinesis', ...extra, pointer: { init }, param: { stream, region: 'us-east-1', access_key: 'k', secret_key: 's', endpoint_override: peer.endpoint } },
        },
      },
    });

  beforeAll(async () => {
    [h, peer] = await Promise.all([startHarness(), startKinesalite()]);
    await peer.createStream('clicks', 2);
  });
  afterAll(async () => {
    await h.close();
    await peer.stop();
  });

  it('reads shard N of the stream from TRIM_HORIZON, by sequence number, from LATEST and by timestamp', async () => {
    const seqs = await put('clicks', 0, ['a', 'b', 'c']);
    await put('clicks', 1, ['d']);
    await new Promise((r) => setTimeout(r, 1100));
    const cut = Date.now();
    await put('clicks', 0, ['e']);
    await create('kin-earliest', 'clicks', 2, { reset: 'earliest' });
    await create('kin-seq', 'clicks', 1, { reset: 'reset_by_offset', 'reset.value': seqs[1] });
    await create('kin-time', 'clicks', 1, { reset: 'reset_by_timestamp', 'reset.value': String(cut) });
    await create('kin-latest', 'clicks', 1, { reset: 'latest' });
    await waitFor(async () => (await countDocs(h.client, 'kin-earliest')) === 5, 'all 5', 20_000);
    await waitFor(async () => (await countDocs(h.client, 'kin-seq')) === 3, 'from b', 20_000);
    expect(await sorted('kin-seq')).toEqual(['b', 'c', 'e']);
    await waitFor(async () => (await countDocs(h.client, 'kin-time')) === 1, 'after the cut', 20_000);
    expect(await sorted('kin-time')).toEqual(['e']);
    await waitFor(async () => (await state('kin-latest'))[0].poller_state === 'POLLING', 'latest polling');
    await new Promise((r) => setTimeout(r, 300));
    await put('clicks', 0, ['f']);
    await waitFor(async () => (await countDocs(h.client, 'kin-latest')) === 1, 'only f', 20_000);
    expect(await sorted('kin-latest')).toEqual(['f']);

    await h.client.ingestion.pause({ index: 'kin-time' });
    await waitFor(async () => (await state('kin-time'))[0].poller_state === 'PAUSED', 'paused');
    await h.client.ingestion.resume({ index: 'kin-time', body: { reset_settings: [{ shard: 0, mode: 'TIMESTAMP', value: '0' }] } });
    await waitFor(async () => (await countDocs(h.client, 'kin-time')) === 5, 'replayed from the start of time', 20_000);
  });

  it('modulo: one shard reads both Kinesis shards, with a sequence number per shard in its pointer', async () => {
    await create('kin-mod', 'clicks', 1, { reset: 'earliest' }, { source_partition_strategy: 'modulo' });
    await waitFor(async () => (await countDocs(h.client, 'kin-mod')) === 6, 'a..f from both shards', 20_000);
    expect(await sorted('kin-mod')).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect((await state('kin-mod'))[0].batch_start_pointer).toMatch(/^\[SequenceNumber\{shard=0, sequenceNumber='\d+'\}, SequenceNumber\{shard=1, sequenceNumber='\d+'\}\]$/);
  });

  it('pauses the poller on a fatal consumer error and shows why', async () => {
    await peer.createStream('gone', 1);
    await create('kin-gone', 'gone', 1, { reset: 'earliest' });
    await waitFor(async () => (await state('kin-gone'))[0].poller_state === 'POLLING', 'polling');
    await peer.client.send(new DeleteStreamCommand({ StreamName: 'gone' }));
    await waitFor(async () => (await state('kin-gone'))[0].poller_paused, 'auto-paused', 20_000);
    const shard = (await state('kin-gone'))[0];
    expect(shard).toMatchObject({ poller_state: 'PAUSED' });
    // Whichever call sees the deleted stream first (describe, iterator, read), the reason is the same.
    expect(shard.paused_reason).toBe('Fatal error occurred in polling the shard: Kinesis stream [gone] or its shard 0 does not exist');
    const stats = await json(h.client.indices.stats({ index: 'kin-gone', level: 'shards' }));
    expect(stats.indices['kin-gone'].shards['0'][0].polling_ingest_stats.consumer_stats.total_consumer_error_count).toBe(1);
  });
});
