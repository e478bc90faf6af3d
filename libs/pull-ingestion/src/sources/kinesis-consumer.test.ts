import { DescribeStreamCommand, PutRecordsCommand } from '@aws-sdk/client-kinesis';
// eslint-disable-next-line @nx/enforce-module-boundaries -- real test peers shared by every library live in tools/peers, outside any project
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

  it('names a missing shard', async () => {
    const c = new KinesisShardConsumer({ params: { stream: 'events', endpoint_override: peer.endpoint, access_key: 'x', secret_key: 'y' }, shard: 5 });
    await c.seek({ pointer: await c.earliestPointer(), inclusive: true });
    await expect(c.readNext(1, 10)).rejects.toThrow('Shard 5 does not exist in stream events');
    await c.close();
  });
});
