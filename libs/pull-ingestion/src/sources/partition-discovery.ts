import { readdir } from 'node:fs/promises';
import { DescribeStreamCommand } from '@aws-sdk/client-kinesis';
import { ConsumerError } from './consumer';
import { kinesisClient } from './kinesis-api';
import { moduloPartitions } from './partition-pointer';

/**
 * The `<p>.ndjson` files of a file stream with p % numShards == shard. Files are partitions; a stream with
 * fewer files than shards leaves the extra shards idle (as a missing file does in `simple` mode).
 */
export async function filePartitions(options: { directory: string; shard: number; numShards: number }): Promise<number[]> {
  const names = await readdir(options.directory).catch(() => [] as string[]);
  return names
    .map((n) => /^(\d+)\.ndjson$/.exec(n)?.[1])
    .filter((p): p is string => p !== undefined)
    .map(Number)
    .filter((p) => p % options.numShards === options.shard)
    .sort((a, b) => a - b);
}

/** The Kinesis shards (by DescribeStream position) a shard reads under `modulo`. */
export async function kinesisPartitions(options: { params: Record<string, string>; shard: number; numShards: number }): Promise<number[]> {
  const p = options.params;
  const client = kinesisClient(p);
  try {
    const out = await client.send(new DescribeStreamCommand({ StreamName: p.stream })).catch((err: Error) => {
      throw new ConsumerError(`Kinesis stream ${p.stream} cannot be described: ${err.message}`);
    });
    return moduloPartitions(options.shard, options.numShards, out.StreamDescription?.Shards?.length ?? 0);
  } finally {
    client.destroy();
  }
}
