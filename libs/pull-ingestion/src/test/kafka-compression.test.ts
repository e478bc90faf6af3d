import { spawn } from 'node:child_process';
import { CompressionTypes } from 'kafkajs';
import { ferryKafkaCodec } from '../sources/kafka-codecs';
import { startKafkaHarness, waitFor, countDocs, type KafkaHarness } from '../../test/harness';

const snappyjs = require('snappyjs') as { compress(data: Uint8Array): Buffer };

/**
 * Produces one message per line with kcat, i.e. librdkafka's own producer and compressors, and returns
 * the codec of every message set it sent, from its `-d msg` log ("Produce MessageSet with N message(s)
 * (... bytes, ..., lz4)"): librdkafka sends a set uncompressed when compressing does not make it smaller.
 */
function kcatProduce(bootstrap: string, topic: string, codec: string, lines: string[]): Promise<{ messages: number; codec: string }[]> {
  const args = ['-P', '-b', bootstrap, '-t', topic, '-p', '0', '-X', `compression.codec=${codec}`, '-d', 'msg'];
  const child = spawn('kcat', args, { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdin.end(lines.join('\n') + '\n');
  const sets = () => [...stderr.matchAll(/Produce MessageSet with (\d+) message\(s\) \(.*, (\w+)\)$/gm)].map((m) => ({ messages: Number(m[1]), codec: m[2] }));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(sets()) : reject(new Error(`kcat -P ${codec} exited ${code}: ${stderr.slice(-2000)}`))));
  });
}

/** snappy-java's stream framing (header, then int32 length + raw snappy per 32 KB block), as the Java producer writes. */
function xerialFrame(data: Buffer): Buffer {
  const header = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00, 0, 0, 0, 1, 0, 0, 0, 1]);
  const parts: Buffer[] = [header];
  for (let at = 0; at < data.length; at += 32 << 10) {
    const block = snappyjs.compress(data.subarray(at, at + (32 << 10)));
    const size = Buffer.alloc(4);
    size.writeUInt32BE(block.length);
    parts.push(size, block);
  }
  return Buffer.concat(parts);
}

/** Documents big and repetitive enough that librdkafka keeps them compressed (it sends a batch raw when that is smaller). */
const docs = (codec: string, count: number) =>
  Array.from({ length: count }, (_, n) => ({
    _id: `${codec}-${n}`,
    _source: { codec, n, text: `message ${n} of the ${codec} topic, `.repeat(6), tags: ['kafka', codec, `n${n % 7}`], where: { city: 'Zürich ✓ 東京', n } },
  }));

describe('compressed Kafka topics (gzip, snappy, lz4, zstd) through the gateway', () => {
  let kafka: KafkaHarness;
  const COUNT = 300;

  beforeAll(async () => {
    kafka = await startKafkaHarness();
  });
  afterAll(() => kafka?.close());

  /** kcat's producer, checking that every message set went out compressed with the codec. */
  const produceWithKcat = (codec: string) => async (topic: string, lines: string[]) => {
    const sets = await kcatProduce(kafka.mock.bootstrap, topic, codec, lines);
    expect(sets.map((set) => set.codec)).toEqual(sets.map(() => codec));
    expect(sets.reduce((n, set) => n + set.messages, 0)).toBe(lines.length);
  };
  /** kafkajs' producer with Snappy compressed in xerial frames: what a Java producer sends. */
  const produceXerial = async (topic: string, lines: string[]) => {
    const compress = jest.spyOn(ferryKafkaCodec(CompressionTypes.Snappy)!, 'compress').mockImplementation(async (encoder) => xerialFrame(encoder.buffer));
    try {
      await kafka.producer.send({ topic, compression: CompressionTypes.Snappy, messages: lines.map((value) => ({ partition: 0, value })) });
      expect(compress).toHaveBeenCalled();
    } finally {
      compress.mockRestore();
    }
  };

  // The reader may decode in another thread: that the documents arrive at all shows the codec was there
  // (kafkajs alone throws "... compression not implemented"); kafka-codecs.test.ts checks the decoders.
  it.each([
    ['gzip', produceWithKcat('gzip')],
    ['snappy', produceWithKcat('snappy')],
    ['lz4', produceWithKcat('lz4')],
    ['zstd', produceWithKcat('zstd')],
    ['snappy-xerial', produceXerial],
  ])('reads a %s topic: every document arrives with its _source', async (codec, produce) => {
    const { h, mock } = kafka;
    const expected = docs(codec, COUNT);
    await produce(codec, expected.map((d) => JSON.stringify(d)));
    await h.client.indices.create({
      index: codec,
      body: { settings: { index: { number_of_shards: 1 }, ingestion_source: { type: 'kafka', pointer: { init: { reset: 'earliest' } }, param: { topic: codec, bootstrap_servers: mock.bootstrap } } } },
    });
    await waitFor(async () => (await countDocs(h.client, codec)) === COUNT, `${COUNT} ${codec} docs`, 20_000);
    const hits = (await h.client.search({ index: codec, body: { size: COUNT, sort: [{ n: 'asc' }] } })).body.hits.hits as { _id: string; _source: unknown }[];
    expect(hits.map((x) => ({ _id: x._id, _source: x._source }))).toEqual(expected);
    const state = (await h.client.ingestion.getState({ index: codec })).body as { ingestion_state: Record<string, { poller_state: string }[]> };
    expect(state.ingestion_state[codec][0].poller_state).not.toBe('PAUSED');
  });
});
