import { Kafka, logLevel, type Producer } from 'kafkajs';
import { startKafkaMock, type KafkaMock } from '../../../../tools/peers/kafka-mock';
import { takeAll } from '../test/take-all';
import { KafkaFetcher } from './kafka-fetcher';
import { KafkaTopic } from './kafka-topic';

describe('KafkaFetcher against the librdkafka mock cluster', () => {
  let mock: KafkaMock;
  let kafka: Kafka;
  let producer: Producer;
  beforeAll(async () => {
    mock = await startKafkaMock();
    kafka = new Kafka({ brokers: [mock.bootstrap], logLevel: logLevel.NOTHING });
    producer = kafka.producer();
    await producer.connect();
  });
  afterAll(async () => {
    await producer.disconnect();
    await mock.stop();
  });

  it('reads chosen partitions from chosen offsets, and re-seeks', async () => {
    for (const partition of [0, 1, 2]) {
      await producer.send({ topic: 'multi', messages: Array.from({ length: 5 }, (_, i) => ({ partition, value: `p${partition}-${i}` })) });
    }
    const topic = new KafkaTopic({ topic: 'multi', bootstrap_servers: mock.bootstrap }, 't-multi');
    const fetcher = new KafkaFetcher({ topic });
    try {
      await fetcher.seek(new Map([[0, 3n], [2, 1n]]));
      const first = await takeAll(fetcher, 6);
      expect(first.map((r) => r.payload.toString()).sort()).toEqual(['p0-3', 'p0-4', 'p2-1', 'p2-2', 'p2-3', 'p2-4']);
      expect(first.find((r) => r.payload.toString() === 'p2-1')).toMatchObject({ partition: 2, offset: '1' });
      expect([fetcher.lag(0), fetcher.lag(2), fetcher.lag(1)]).toEqual([0, 0, undefined]);

      await fetcher.seek(new Map([[1, 4n]]));
      expect((await takeAll(fetcher, 1)).map((r) => r.payload.toString())).toEqual(['p1-4']);
      await producer.send({ topic: 'multi', messages: [{ partition: 1, value: 'p1-5' }] });
      expect((await takeAll(fetcher, 1)).map((r) => `${r.partition}:${r.offset}:${r.payload}`)).toEqual(['1:5:p1-5']);
    } finally {
      await fetcher.close();
      await topic.close();
    }
  });

  it('restarts from the earliest offset still kept when the stored one was dropped by retention', async () => {
    // The mock keeps ~5 MB per partition: 8 MB of 8 KB messages push the low offset past 0.
    const value = 'x'.repeat(8 * 1024);
    for (let i = 0; i < 10; i++) await producer.send({ topic: 'retention', messages: Array.from({ length: 100 }, () => ({ partition: 0, value })) });
    const topic = new KafkaTopic({ topic: 'retention', bootstrap_servers: mock.bootstrap }, 't-retention');
    const fetcher = new KafkaFetcher({ topic });
    try {
      const low = BigInt((await topic.partitionOffsets(0)).low);
      expect(low).toBeGreaterThan(0n);
      await fetcher.seek(new Map([[0, 0n]]));
      const [first] = await takeAll(fetcher, 1);
      expect(first.offset).toBe(String(low));
    } finally {
      await fetcher.close();
      await topic.close();
    }
  });
});
