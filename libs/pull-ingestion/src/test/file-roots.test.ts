import { appendFileSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { countDocs, envelope, startHarness, waitFor, type IngestionHarness } from '../../test/harness';

describe('file sources and dead letters stay inside ingestion.file.roots (default <dataDir>/ingest)', () => {
  let h: IngestionHarness;
  let root: string;
  let outside: string;
  const json = async (call: Promise<{ body: unknown }>): Promise<any> => (await call).body;
  const put = async (path: string, body: unknown) => {
    const res = await fetch(`${h.gw.url}${path}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as any };
  };
  const fileIndex = (param: Record<string, unknown>, extra: Record<string, unknown> = {}, shards = 1) => ({
    settings: { index: { number_of_shards: shards }, ingestion_source: { type: 'file', pointer: { init: { reset: 'earliest' } }, param: { stream: 's', base_directory: 'ingestion_directory', ...param }, ...extra } },
  });
  const state = async (index: string) => (await json(h.client.ingestion.getState({ index, ferry: true } as never))).ingestion_state[index];

  beforeAll(async () => {
    h = await startHarness({ ingestion: { file: undefined } });
    root = join(h.gw.dataDir, 'ingest');
    outside = join(h.dir, 'outside');
    mkdirSync(join(outside, 's'), { recursive: true });
    writeFileSync(join(outside, 's', '0.ndjson'), `${envelope('stolen', { n: 1 })}\n`);
    mkdirSync(join(root, 'ingestion_directory', 's'), { recursive: true });
    symlinkSync(outside, join(root, 'escape'));
  });
  afterAll(() => h.close());

  it('reads a relative base_directory under the first root (the OpenSearch spec stories use `ingestion_directory`)', async () => {
    appendFileSync(join(root, 'ingestion_directory', 's', '0.ndjson'), `${envelope('a', { n: 1 })}\n`);
    expect((await put('/rel', fileIndex({}))).status).toBe(200);
    await waitFor(async () => (await countDocs(h.client, 'rel')) === 1, 'the document of the relative directory');
  });

  it.each([
    ['an absolute directory elsewhere', { base_directory: '/etc' }, {}, 'param.base_directory'],
    ['a relative directory with ..', { base_directory: '../..' }, {}, 'param.base_directory'],
    ['a symlink out of the root', { base_directory: 'escape' }, {}, 'param.base_directory'],
    ['a stream with ..', { stream: '../../../outside/s' }, {}, 'param.stream'],
    ['a dead-letter file elsewhere', {}, { dead_letter: { type: 'file', path: '/root/.ssh/authorized_keys' } }, 'dead_letter.path'],
    ['a dead-letter file through a symlink', {}, { dead_letter: { type: 'file', path: 'escape/dead.ndjson' } }, 'dead_letter.path'],
  ])('refuses %s at creation with a 400 that names the roots setting and no path', async (_, param, extra, setting) => {
    const answer = await put('/refused', fileIndex(param, extra));
    expect(answer).toEqual({
      status: 400,
      body: {
        error: expect.objectContaining({
          type: 'illegal_argument_exception',
          reason: `Setting [index.ingestion_source.${setting}] must name a path inside the directories allowed by Ferry's [ingestion.file.roots] setting`,
        }),
        status: 400,
      },
    });
    expect((await h.client.indices.exists({ index: 'refused' })).body).toBe(false);
  });

  it.each([
    [{ 'index.ingestion_source.param.base_directory': '/etc' }],
    [{ 'index.ingestion_source.dead_letter.type': 'file', 'index.ingestion_source.dead_letter.path': '/tmp/../etc/dead.ndjson' }],
  ])('refuses a settings update to %j', async (change) => {
    const answer = await put('/rel/_settings', change);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ type: 'illegal_argument_exception', reason: expect.stringContaining('[ingestion.file.roots]') });
    expect((await json(h.client.indices.getSettings({ index: 'rel', flat_settings: true }))).rel.settings['index.ingestion_source.param.base_directory']).toBe('ingestion_directory');
  });

  it('does not follow a shard file or a dead-letter file swapped for a symlink after creation', async () => {
    mkdirSync(join(root, 'later', 's'), { recursive: true });
    writeFileSync(join(outside, 'victim.ndjson'), 'untouched\n');
    symlinkSync(join(outside, 'victim.ndjson'), join(root, 'later', 'dead.ndjson'));
    const later = () => fileIndex({ base_directory: 'later' }, { dead_letter: { type: 'file', path: 'later/dead.ndjson' } }, 2);
    expect((await put('/later', later())).status).toBe(400);
    rmSync(join(root, 'later', 'dead.ndjson'));
    expect((await put('/later', later())).status).toBe(200);
    symlinkSync(join(outside, 's', '0.ndjson'), join(root, 'later', 's', '0.ndjson'));
    symlinkSync(join(outside, 'victim.ndjson'), join(root, 'later', 'dead.ndjson'));
    appendFileSync(join(root, 'later', 's', '1.ndjson'), '{not json\n');
    await waitFor(async () => (await state('later'))[0].poller_paused, 'shard 0 paused on the symlink', 20_000);
    const stats = async () => (await json(h.client.indices.stats({ index: 'later', level: 'shards' }))).indices.later.shards['1'][0].polling_ingest_stats;
    await waitFor(async () => (await stats()).consumer_stats.total_poller_message_dropped_count === 1, 'the poison message of shard 1 dropped');
    expect((await state('later'))[0].paused_reason).toBe('Fatal error occurred in polling the shard: the file of partition 0 leads outside the directories allowed by [ingestion.file.roots]');
    expect(await countDocs(h.client, 'later')).toBe(0);
    expect(readFileSync(join(outside, 'victim.ndjson'), 'utf8')).toBe('untouched\n');
  });
});
