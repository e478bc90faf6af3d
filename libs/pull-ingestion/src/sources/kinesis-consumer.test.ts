import { DeleteStreamCommand, DescribeStreamCommand, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import type { KinesisApi, KinesisPage } from './kinesis-api';
import { startKinesalite, type KinesisPeer } from '../../../../tools/peers/kinesis';
import { KinesisShardConsumer } from './kinesis-consumer';

async function readAll(c: KinesisShardConsumer, count: number): Promise<string[]> {
  const out: string[] = [];
  const deadline = Date.now() + 10_000;
  while (out.length < count && Date.now() < deadline) for (const r of await c.readNext(100, 100)) out.push(r.payload.toString());
  return out;
}

describe('KinesisShardConsumer against kinesalite', () => {
  let peer: KinesisPeer;
  beforeAll(async () => {
    peer = await startKinesalite();
    await peer.createStream('events', 2);
  });
  afterAll(() => peer.stop());

  it('reads shard 1 from TRIM_HORIZON, by sequence number and by timestamp', async () => {
    const { StreamDescription } = await peer.client.send(new DescribeStreamCommand({ StreamName: 'events' }));
    const hashKey = StreamDescription!.Shards![1].HashKeyRange!.StartingHashKey!;
    const put = (values: string[]) =>
      peer.client.send(new PutRecordsCommand({ StreamName: 'events', Records: values.map((v) => ({ Data: Buffer.from(v), PartitionKey: 'k', ExplicitHashKey: hashKey })) }));
    const first = await put(['a', 'b']);
    await new Promise((r) => setTimeout(r, 1100));
    const cut = Date.now();
    await put(['c']);
    const c = new KinesisShardConsumer({ params: { stream: 'events', region: 'us-east-1', access_key: 'x', secret_key: 'y', endpoint_override: peer.endpoint }, shard: 1 });
    try {
      await c.seek({ pointer: await c.earliestPointer(), inclusive: true });
      expect(await readAll(c, 3)).toEqual(['a', 'b', 'c']);
      await c.seek({ pointer: await c.pointerFromOffset(first.Records![0].SequenceNumber!), inclusive: false });
      expect(await readAll(c, 2)).toEqual(['b', 'c']);
      await c.seek({ pointer: await c.pointerFromTimestamp(cut), inclusive: true });
      expect(await readAll(c, 1)).toEqual(['c']);
      await c.seek({ pointer: await c.latestPointer(), inclusive: true });
      expect(await c.readNext(10, 10)).toEqual([]);
    } finally {
      await c.close();
    }
  });

  it('reads full pages and hands them out in batches, resuming after the last record handed out', async () => {
    await peer.createStream('paged', 1);
    const values = Array.from({ length: 25 }, (_, i) => `m${i}`);
    await peer.client.send(new PutRecordsCommand({ StreamName: 'paged', Records: values.map((v) => ({ Data: Buffer.from(v), PartitionKey: 'k' })) }));
    const c = new KinesisShardConsumer({ params: { stream: 'paged', region: 'us-east-1', access_key: 'x', secret_key: 'y', endpoint_override: peer.endpoint }, shard: 0 });
    try {
      await c.seek({ pointer: await c.earliestPointer(), inclusive: true });
      const first = await c.readNext(10, 5_000);
      expect(first.map((r) => r.payload.toString())).toEqual(values.slice(0, 10));
      expect((await c.readNext(10, 5_000)).map((r) => r.payload.toString())).toEqual(values.slice(10, 20));
      // A re-seek (as after a pause) drops what was read ahead and starts after the given record.
      await c.seek({ pointer: first[9].pointer, inclusive: false });
      expect(await readAll(c, 15)).toEqual(values.slice(10));
    } finally {
      await c.close();
    }
  });

  it('names a missing shard', async () => {
    const c = new KinesisShardConsumer({ params: { stream: 'events', endpoint_override: peer.endpoint, access_key: 'x', secret_key: 'y' }, shard: 5 });
    await c.seek({ pointer: await c.earliestPointer(), inclusive: true });
    await expect(c.readNext(1, 10)).rejects.toThrow('Kinesis stream [events] or its shard 5 does not exist');
    await c.close();
  });

  it.each([
    ['before the shard was described', false],
    ['after reading started', true],
  ])('gives one reason for a deleted stream %s', async (_name, readFirst) => {
    const stream = `doomed-${readFirst ? 'late' : 'early'}`;
    await peer.createStream(stream, 1);
    const c = new KinesisShardConsumer({ params: { stream, region: 'us-east-1', endpoint_override: peer.endpoint, access_key: 'x', secret_key: 'y' }, shard: 0 });
    try {
      await c.seek({ pointer: await c.earliestPointer(), inclusive: true });
      if (readFirst) await c.readNext(1, 1_000);
      await peer.client.send(new DeleteStreamCommand({ StreamName: stream }));
      const deadline = Date.now() + 10_000;
      let error: Error | undefined;
      while (!error && Date.now() < deadline) error = await c.readNext(1, 200).then(() => undefined, (e: Error) => e);
      expect(error?.message).toBe(`Kinesis stream [${stream}] or its shard 0 does not exist`);
    } finally {
      await c.close();
    }
  });
});

/**
 * Throttling and expired iterators are AWS behaviours kinesalite does not produce, so a scripted client
 * stands in for the service here (the reads themselves are tested against kinesalite above).
 */
describe('KinesisShardConsumer when Kinesis throttles or an iterator expires', () => {
  it('waits and reads on instead of failing, renewing an expired iterator after the last record handed out', async () => {
    const awsError = (name: string) => Object.assign(new Error(`${name} from the scripted service`), { name });
    const pages: (Error | KinesisPage)[] = [
      awsError('ProvisionedThroughputExceededException'),
      { records: [{ sequenceNumber: '101', data: Buffer.from('a') }], nextIterator: 'it-next' },
      awsError('ExpiredIteratorException'),
      { records: [{ sequenceNumber: '102', data: Buffer.from('b') }], nextIterator: 'it-last' },
    ];
    const iterators: unknown[] = [];
    const calls: number[] = [];
    const api: KinesisApi = {
      destroy: () => undefined,
      shardIds: async () => ['shardId-0'],
      iterator: async (input) => {
        iterators.push(input);
        return `it-${iterators.length}`;
      },
      records: async () => {
        calls.push(Date.now());
        const page = pages.shift() ?? { records: [], nextIterator: 'it-idle' };
        if (page instanceof Error) throw page;
        return page;
      },
    };
    const c = new KinesisShardConsumer({ params: { stream: 's' }, shard: 0, api, throttleWaitMs: 10 });
    await c.seek({ pointer: await c.earliestPointer(), inclusive: true });
    // Neither error surfaces: reads just come back empty until the records arrive.
    expect(await readAll(c, 2)).toEqual(['a', 'b']);
    expect(iterators).toEqual([
      { StreamName: 's', ShardId: 'shardId-0', ShardIteratorType: 'TRIM_HORIZON' },
      { StreamName: 's', ShardId: 'shardId-0', ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', StartingSequenceNumber: '101' },
    ]);
    // At most 5 GetRecords a second on a shard, as Kinesis allows.
    for (let i = 1; i < calls.length; i++) expect(calls[i] - calls[i - 1]).toBeGreaterThanOrEqual(195);
    await c.close();
  });
});
