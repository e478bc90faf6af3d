import { Kafka, logLevel } from 'kafkajs';
import { startKafkaMock, type KafkaMock } from '../../../../tools/peers/kafka-mock';
import { KafkaShardConsumer } from './kafka-consumer';

async function readAll(consumer: KafkaShardConsumer, count: number): Promise<string[]> {
  const out: string[] = [];
  const deadline = Date.now() + 15_000;
  while (out.length < count && Date.now() < deadline) {
    for (const r of await consumer.readNext(100, 200)) out.push(`${r.pointer.value}:${r.payload.toString()}`);
  }
  return out;
}

describe('KafkaShardConsumer against the librdkafka mock cluster', () => {
  let mock: KafkaMock;
  beforeAll(async () => {
    mock = await startKafkaMock();
    const producer = new Kafka({ brokers: [mock.bootstrap], logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    await producer.send({ topic: 'events', messages: [{ value: 'warm', partition: 0 }] });
    await producer.send({ topic: 'events', messages: ['a', 'b', 'c', 'd', 'e'].map((value) => ({ value, partition: 1 })) });
    await producer.disconnect();
  });
  afterAll(() => mock.stop());

  it('reads only its partition, seeks by offset and reports end offsets and lag', async () => {
    const consumer = new KafkaShardConsumer({ params: { topic: 'events', bootstrap_servers: mock.bootstrap }, partition: 1, clientId: 't-events-1' });
    try {
      expect((await consumer.earliestPointer()).display).toBe('KafkaOffset{offset=0}');
      expect((await consumer.latestPointer()).value).toBe('5');
      await consumer.seek({ pointer: await consumer.earliestPointer(), inclusive: true });
      expect(await readAll(consumer, 5)).toEqual(['0:a', '1:b', '2:c', '3:d', '4:e']);
      expect(await consumer.pointerLag()).toBe(0);
      await consumer.seek({ pointer: await consumer.pointerFromOffset('2'), inclusive: false });
      expect(await readAll(consumer, 2)).toEqual(['3:d', '4:e']);
    } finally {
      await consumer.close();
    }
  });

  it.each([
    [{ topic: 'missing-topic' }, 0, 'Topic missing-topic does not exist'],
    [{ topic: 'events' }, 9, 'Partition 9 does not exist in topic events'],
  ])('fails clearly for %j partition %d', async (params, partition, message) => {
    const consumer = new KafkaShardConsumer({ params: { ...params, bootstrap_servers: mock.bootstrap }, partition, clientId: 't' });
    try {
      await expect(consumer.earliestPointer()).rejects.toThrow(message);
    } finally {
      await consumer.close();
    }
  });
});
