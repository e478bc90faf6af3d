// Loads messages into each source the benchmark reads: ndjson files, Kafka partitions, Kinesis shards.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeStreamCommand, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import type { Producer } from 'kafkajs';
import type { KinesisPeer } from '../../peers/kinesis';

/** One benchmark document in OpenSearch's envelope. */
export interface Doc {
  id: string;
  body: Record<string, unknown>;
}

export const envelope = (d: Doc) => JSON.stringify({ _id: d.id, _version: '1', _source: d.body });

/** `count` documents of about 200 bytes, spread over `shards` partitions (doc i → partition i % shards). */
export function makeDocs(prefix: string, count: number, shards: number): Doc[][] {
  const parts: Doc[][] = Array.from({ length: shards }, () => []);
  for (let i = 0; i < count; i++) {
    parts[i % shards].push({ id: `${prefix}-${i}`, body: { i, user: `user-${i % 977}`, message: `event number ${i} `.padEnd(120, 'x'), ts: 1_700_000_000_000 + i } });
  }
  return parts;
}

export function writeFiles(base: string, stream: string, parts: Doc[][]): void {
  mkdirSync(join(base, stream), { recursive: true });
  parts.forEach((docs, shard) => writeFileSync(join(base, stream, `${shard}.ndjson`), docs.map((d) => `${envelope(d)}\n`).join('')));
}

export async function produceKafka(producer: Producer, topic: string, parts: Doc[][]): Promise<void> {
  for (const [partition, docs] of parts.entries()) {
    for (let i = 0; i < docs.length; i += 1000) {
      await producer.send({ topic, messages: docs.slice(i, i + 1000).map((d) => ({ partition, value: envelope(d) })) });
    }
  }
}

export async function putKinesis(peer: KinesisPeer, stream: string, parts: Doc[][]): Promise<void> {
  await peer.createStream(stream, parts.length);
  const shards = (await peer.client.send(new DescribeStreamCommand({ StreamName: stream }))).StreamDescription!.Shards!;
  for (const [shard, docs] of parts.entries()) {
    const hashKey = shards[shard].HashKeyRange!.StartingHashKey!;
    for (let i = 0; i < docs.length; i += 500) {
      const Records = docs.slice(i, i + 500).map((d) => ({ Data: Buffer.from(envelope(d)), PartitionKey: d.id, ExplicitHashKey: hashKey }));
      await peer.client.send(new PutRecordsCommand({ StreamName: stream, Records }));
    }
  }
}
