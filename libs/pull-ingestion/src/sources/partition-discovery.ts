import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DescribeStreamCommand, KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { ConsumerError } from './consumer';
import { moduloPartitions } from './partition-pointer';

/**
 * The `<p>.ndjson` files of a file stream with p % numShards == shard. Files are partitions; a stream with
 * fewer files than shards leaves the extra shards idle (as a missing file does in `simple` mode).
 */
export async function filePartitions(options: { baseDirectory: string; stream: string; shard: number; numShards: number }): Promise<number[]> {
  const names = await readdir(join(options.baseDirectory, options.stream)).catch(() => [] as string[]);
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
  const client = new KinesisClient({
    region: p.region ?? 'us-east-1',
    ...(p.endpoint_override ? { endpoint: p.endpoint_override } : {}),
    ...(p.access_key ? { credentials: { accessKeyId: p.access_key, secretAccessKey: p.secret_key ?? '' } } : {}),
    requestHandler: new NodeHttpHandler({ connectionTimeout: 3000, requestTimeout: 30000 }),
    maxAttempts: 2,
  });
  try {
    const out = await client.send(new DescribeStreamCommand({ StreamName: p.stream })).catch((err: Error) => {
      throw new ConsumerError(`Kinesis stream ${p.stream} cannot be described: ${err.message}`);
    });
    return moduloPartitions(options.shard, options.numShards, out.StreamDescription?.Shards?.length ?? 0);
  } finally {
    client.destroy();
  }
}
