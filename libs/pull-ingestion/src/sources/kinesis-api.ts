import { DescribeStreamCommand, GetRecordsCommand, GetShardIteratorCommand, KinesisClient, type GetShardIteratorCommandInput } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';

/** One record of a GetRecords page. */
export interface KinesisRecord {
  sequenceNumber: string;
  data: Buffer;
  /** ApproximateArrivalTimestamp in ms, or undefined. */
  arrival?: number;
}

/** A GetRecords answer. */
export interface KinesisPage {
  records: KinesisRecord[];
  nextIterator?: string;
}

/**
 * The three Kinesis calls a shard consumer makes. Errors keep the service's exception `name`
 * (`ProvisionedThroughputExceededException`, `ExpiredIteratorException`, ...).
 */
export interface KinesisApi {
  /** The stream's shard ids, in DescribeStream order. */
  shardIds(stream: string): Promise<string[]>;
  iterator(input: GetShardIteratorCommandInput): Promise<string | undefined>;
  records(iterator: string, limit: number): Promise<KinesisPage>;
  destroy(): void;
}

/** The `param.*` settings a Kinesis client is built from: region, access_key, secret_key, session_token, endpoint_override. */
export type KinesisParams = Record<string, string>;

/** The AWS SDK client for the source's `param.*`. */
export function kinesisClient(p: KinesisParams): KinesisClient {
  return new KinesisClient({
    region: p.region ?? 'us-east-1',
    ...(p.endpoint_override ? { endpoint: p.endpoint_override } : {}),
    ...(p.access_key ? { credentials: { accessKeyId: p.access_key, secretAccessKey: p.secret_key ?? '', ...(p.session_token ? { sessionToken: p.session_token } : {}) } } : {}),
    requestHandler: new NodeHttpHandler({ connectionTimeout: 3000, requestTimeout: 30000 }),
    maxAttempts: 2,
  });
}

/** {@link KinesisApi} over an AWS SDK client, in the calling thread. */
export function sdkKinesisApi(client: KinesisClient): KinesisApi {
  return {
    async shardIds(stream) {
      const out = await client.send(new DescribeStreamCommand({ StreamName: stream }));
      return (out.StreamDescription?.Shards ?? []).map((s) => s.ShardId ?? '');
    },
    async iterator(input) {
      return (await client.send(new GetShardIteratorCommand(input))).ShardIterator;
    },
    async records(iterator, limit) {
      const out = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: limit }));
      const records = (out.Records ?? []).map((r) => {
        // The SDK decodes each record's base64 into its own array: a view of it is enough.
        const d = r.Data ?? new Uint8Array();
        return { sequenceNumber: r.SequenceNumber ?? '', data: Buffer.from(d.buffer, d.byteOffset, d.byteLength), arrival: r.ApproximateArrivalTimestamp?.getTime() };
      });
      return { records, nextIterator: out.NextShardIterator };
    },
    destroy: () => client.destroy(),
  };
}
