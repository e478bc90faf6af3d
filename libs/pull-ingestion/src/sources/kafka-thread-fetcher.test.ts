import { Kafka, logLevel } from 'kafkajs';
import { startKafkaMock, type KafkaMock } from '../../../../tools/peers/kafka-mock';
import { takeAll as takeUpTo } from '../test/take-all';
import { ReaderPool } from './reader-pool';
import { KafkaThreadFetcher } from './kafka-thread-fetcher';

/** Small takes, so the thread's credit is granted many times. */
const takeAll = (fetcher: KafkaThreadFetcher, count: number) => takeUpTo(fetcher, count, 300);

describe('KafkaThreadFetcher: Kafka readers in a shared thread', () => {
  let mock: KafkaMock;
  beforeAll(async () => {
    mock = await startKafkaMock();
    const producer = new Kafka({ brokers: [mock.bootstrap], logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    for (const partition of [0, 1]) {
      await producer.send({ topic: 'threads', messages: Array.from({ length: 1000 }, (_, i) => ({ partition, value: `${partition}-${i}` })) });
    }
    await producer.disconnect();
  });
  afterAll(() => mock.stop());

  it('reads two partitions through one thread with a small buffer, in order, and stops the thread after its last reader', async () => {
    const pool = new ReaderPool(1, 0);
    const params = { topic: 'threads', bootstrap_servers: mock.bootstrap };
    // A buffer far below the partition size: the thread must wait for credit and resume.
    const fetchers = [0, 1].map((p) => new KafkaThreadFetcher({ params, clientId: `t-${p}`, bufferSize: 100, pool }));
    try {
      await fetchers[0].seek(new Map([[0, 0n]]));
      await fetchers[1].seek(new Map([[1, 500n]]));
      expect(pool.threadCount).toBe(1);
      const [a, b] = await Promise.all([takeAll(fetchers[0], 1000), takeAll(fetchers[1], 500)]);
      expect(a.map((r) => r.payload.toString())).toEqual(Array.from({ length: 1000 }, (_, i) => `0-${i}`));
      expect(b.map((r) => Number(r.offset))).toEqual(Array.from({ length: 500 }, (_, i) => 500 + i));
      expect(fetchers[0].lag(0)).toBe(0);

      // A seek drops what was sent for the old position.
      await fetchers[0].seek(new Map([[0, 998n]]));
      expect((await takeAll(fetchers[0], 2)).map((r) => r.payload.toString())).toEqual(['0-998', '0-999']);
      await fetchers[0].close();
      expect(pool.threadCount).toBe(1);
    } finally {
      await Promise.all(fetchers.map((f) => f.close()));
    }
    await new Promise((r) => setTimeout(r, 20));
    expect(pool.threadCount).toBe(0);
  });

  it('keeps an idle thread for the next reader, and starts a new one after it stopped', async () => {
    const pool = new ReaderPool(1, 300);
    for (let i = 0; i < 3; i++) {
      const fetcher = new KafkaThreadFetcher({ params: { topic: 'threads', bootstrap_servers: mock.bootstrap }, clientId: `again-${i}`, pool });
      try {
        await fetcher.seek(new Map([[0, BigInt(10 * i)]]));
        expect((await takeAll(fetcher, 1))[0].payload.toString()).toBe(`0-${10 * i}`);
        expect(pool.threadCount).toBe(1);
      } finally {
        await fetcher.close();
      }
      // Idle: kept at first (the next reader reuses it), stopped once idle long enough.
      expect(pool.threadCount).toBe(1);
      if (i === 1) {
        await new Promise((r) => setTimeout(r, 400));
        expect(pool.threadCount).toBe(0);
      }
    }
  });
});
