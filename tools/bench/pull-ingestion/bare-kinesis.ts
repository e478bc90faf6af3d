// A bare GetRecords reader in its own process (as the gateway is): reads every shard of a stream from
// TRIM_HORIZON with pages of 10,000 records (the page Ferry's reader asks for), shards in parallel, and
// parses each record's JSON (what any consumer must do), indexing nothing. Prints one JSON line:
// { read, steadyMsgsPerS } where the rate is counted from the first page received to the last, as the
// benchmark counts Ferry's pull (from its first processed message to the last).
// Usage: node -r ts-node/register/transpile-only bare-kinesis.ts <endpoint> <stream> <total>
import { DescribeStreamCommand, GetRecordsCommand, GetShardIteratorCommand, KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';

async function main(): Promise<void> {
  const [endpoint, stream, totalArg] = process.argv.slice(2);
  const total = Number(totalArg);
  const client = new KinesisClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'k', secretAccessKey: 's' }, requestHandler: new NodeHttpHandler() });
  const shards = (await client.send(new DescribeStreamCommand({ StreamName: stream }))).StreamDescription!.Shards!;
  const iterators = await Promise.all(
    shards.map(async (s) => (await client.send(new GetShardIteratorCommand({ StreamName: stream, ShardId: s.ShardId!, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator),
  );
  let read = 0;
  let first: { at: number; read: number } | undefined;
  let parsed = 0;
  await Promise.all(
    iterators.map(async (start) => {
      let it = start;
      while (it && read < total) {
        const out = await client.send(new GetRecordsCommand({ ShardIterator: it, Limit: 10_000 }));
        if (!out.Records?.length) break;
        for (const r of out.Records) parsed += (JSON.parse(Buffer.from(r.Data!).toString('utf8')) as { _id: string })._id.length > 0 ? 1 : 0;
        read += out.Records.length;
        first ??= { at: performance.now(), read };
        it = out.NextShardIterator;
      }
    }),
  );
  const end = performance.now();
  client.destroy();
  if (parsed !== read) throw new Error('unparsed records');
  process.stdout.write(`${JSON.stringify({ read, steadyMsgsPerS: (read - first!.read) / ((end - first!.at) / 1000) })}\n`);
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
