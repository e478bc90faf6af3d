import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateStreamCommand, DescribeStreamCommand, KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';

/** A kinesalite server running in this process on 127.0.0.1. */
export interface KinesisPeer {
  /** `http://127.0.0.1:PORT`, for `param.endpoint_override`. */
  endpoint: string;
  /** A client for producing test records (region us-east-1, dummy keys). */
  client: KinesisClient;
  /** Creates a stream and waits until it is ACTIVE. */
  createStream(name: string, shards: number): Promise<void>;
  stop(): Promise<void>;
}

// kinesalite ships no types; its factory returns a node http.Server.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const kinesalite = require('kinesalite') as (options: Record<string, unknown>) => Server;

/** Starts kinesalite in memory (`createStreamMs: 0` so streams are ACTIVE at once). */
export async function startKinesalite(): Promise<KinesisPeer> {
  const server = kinesalite({ createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0, shardLimit: 100 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new KinesisClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    requestHandler: new NodeHttpHandler(),
  });
  return {
    endpoint,
    client,
    async createStream(name, shards) {
      await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
      for (let i = 0; i < 100; i++) {
        const d = await client.send(new DescribeStreamCommand({ StreamName: name }));
        if (d.StreamDescription?.StreamStatus === 'ACTIVE') return;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`stream ${name} did not become ACTIVE`);
    },
    async stop() {
      client.destroy();
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
