import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { countDocs, envelope, startHarness, waitFor, type IngestionHarness } from '../../test/harness';

type Op = 'pause' | 'resume' | 'reset';
const OPS: Op[] = ['reset', 'resume', 'reset', 'reset', 'pause', 'reset', 'reset', 'resume'];
const NOT_PAUSED = 'Cannot reset consumer when poller is not paused';

describe('pull ingestion control operations on one index, concurrently and under load', () => {
  let h: IngestionHarness;
  let streams: string;
  let written = 0;

  beforeAll(async () => {
    h = await startHarness();
    streams = join(h.dir, 'streams');
    mkdirSync(join(streams, 'cc'), { recursive: true });
  });
  afterAll(() => h.close());

  /** Appends to both shard files until stopped; ids are unique, so the final count shows loss. */
  function load(): { stop(): Promise<void> } {
    let running = true;
    const done = (async () => {
      while (running) {
        for (const shard of [0, 1]) {
          const lines = Array.from({ length: 20 }, () => `${envelope(`m${written}`, { n: written++, shard })}\n`);
          appendFileSync(join(streams, 'cc', `${shard}.ndjson`), lines.join(''));
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    return { stop: async () => ((running = false), done) };
  }

  async function call(op: Op, i: number): Promise<{ op: Op; body: any }> {
    const c = h.client.ingestion;
    if (op === 'pause') return { op, body: (await c.pause({ index: 'cc' })).body };
    const body = op === 'reset' ? { reset_settings: [{ shard: i % 2, mode: 'offset' as never, value: '0' }] } : {};
    return { op, body: (await c.resume({ index: 'cc', body })).body };
  }

  const pausedNow = async (): Promise<boolean[]> => ((await h.client.ingestion.getState({ index: 'cc' })).body as any).ingestion_state.cc.map((s: any) => s.poller_paused);

  it('answers as in a serial order, keeps live and persisted state equal, loses and changes no message', async () => {
    await h.client.indices.create({
      index: 'cc',
      body: { settings: { index: { number_of_shards: 2 }, ingestion_source: { type: 'file', pointer: { init: { reset: 'earliest' } }, param: { stream: 'cc', base_directory: streams } } as never } },
    });
    const writes = load();
    await waitFor(async () => (await countDocs(h.client, 'cc')) > 0, 'first messages');
    let paused = false;
    try {
      for (let round = 0; round < 8; round++) {
        // From a paused index, concurrently: resumes with a reset, plain resumes and pauses.
        expect((await call('pause', 0)).body).toEqual({ acknowledged: true, shards_acknowledged: true, error: '' });
        const answers = await Promise.all(OPS.map((_, i) => call(OPS[(i + round) % OPS.length], i)));
        for (const { op, body } of answers) {
          expect(body).toMatchObject({ acknowledged: true, error: '' });
          if (op !== 'reset' || body.shards_acknowledged) expect(body.shards_acknowledged).toBe(true);
          else expect(body.failures.cc).toEqual([{ shard: expect.any(Number), error: NOT_PAUSED }]);
        }
        // A reset needs a paused index and resumes it: in a serial order each one follows its own pause.
        const resets = answers.filter((a) => a.op === 'reset' && a.body.shards_acknowledged).length;
        expect(resets).toBeLessThanOrEqual(answers.filter((a) => a.op === 'pause').length + 1);
        const now = await pausedNow();
        expect(new Set(now).size).toBe(1);
        paused = now[0];
      }
    } finally {
      await writes.stop();
    }
    // What a restart reads back is what the last call left.
    await h.restart();
    expect(await pausedNow()).toEqual([paused, paused]);
    if (paused) await h.client.ingestion.resume({ index: 'cc', body: {} });
    await waitFor(async () => (await countDocs(h.client, 'cc')) === written, `${written} messages`, 30_000);
    const hits = ((await h.client.search({ index: 'cc', body: { size: written, sort: [{ n: 'asc' }] } } as never)).body as any).hits.hits;
    expect(hits.map((d: any) => [d._id, d._source.n])).toEqual(Array.from({ length: written }, (_, n) => [`m${n}`, n]));
  }, 120_000);
});
