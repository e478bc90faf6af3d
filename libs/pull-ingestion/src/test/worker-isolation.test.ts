import { appendFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { countDocs, envelope, startHarness, waitFor, type IngestionHarness } from '../../test/harness';

/** A shard whose source fails pauses with the reason; other ingestion indices and the gateway go on. */
describe('pull-ingestion: a failing poller is isolated', () => {
  let h: IngestionHarness;
  let base: string;
  const state = async (index: string) => ((await h.client.ingestion.getState({ index, ferry: true } as never)).body as any).ingestion_state[index][0];
  const create = async (index: string) => {
    mkdirSync(join(base, index), { recursive: true });
    writeFileSync(join(base, index, '0.ndjson'), `${envelope(`${index}-0`, { n: 0 })}\n`);
    await h.client.indices.create({
      index,
      body: { settings: { index: { number_of_shards: 1, number_of_replicas: 0 }, ingestion_source: { type: 'file', pointer: { init: { reset: 'earliest' } }, param: { stream: index, base_directory: base } } } },
    });
    await waitFor(async () => (await countDocs(h.client, index)) === 1, `${index} first doc`);
  };

  beforeAll(async () => {
    h = await startHarness();
    base = join(h.dir, 'streams');
  });
  afterAll(() => h.close());

  it('pauses the shard whose stream vanished and keeps the other index ingesting', async () => {
    await create('fa');
    await create('fb');
    rmSync(join(base, 'fa'), { recursive: true, force: true });
    mkdirSync(join(base, 'fa', '0.ndjson'), { recursive: true });
    appendFileSync(join(base, 'fb', '0.ndjson'), `${envelope('fb-1', { n: 1 })}\n`);

    const paused = await waitFor(async () => ((await state('fa')).poller_paused ? state('fa') : undefined), 'fa paused', 15_000);
    expect(paused).toMatchObject({ poller_state: 'PAUSED', paused_reason: expect.stringMatching(/^Fatal error occurred in polling the shard: /) });
    await waitFor(async () => (await countDocs(h.client, 'fb')) === 2, 'fb second doc');
    expect((await state('fb')).poller_paused).toBe(false);
    expect((await h.client.cluster.health()).statusCode).toBe(200);
  });
});
