import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { countDocs, envelope, startHarness, waitFor, type IngestionHarness } from '../../test/harness';

describe('pull ingestion from files through the gateway', () => {
  let h: IngestionHarness;
  let base: string;
  const append = (stream: string, shard: number, ...lines: string[]) => appendFileSync(join(base, stream, `${shard}.ndjson`), lines.map((l) => `${l}\n`).join(''));
  const create = async (index: string, shards: number, source: Record<string, unknown> = {}) => {
    mkdirSync(join(base, index), { recursive: true });
    return h.client.indices.create({
      index,
      body: {
        settings: {
          index: { number_of_shards: shards, number_of_replicas: 0 },
          ingestion_source: { type: 'file', pointer: { init: { reset: 'earliest' } }, param: { stream: index, base_directory: base }, ...source },
        },
      },
    });
  };
  // The typed client responses are strict unions; tests read the JSON as it comes.
  const json = async (call: Promise<{ body: unknown }>): Promise<any> => (await call).body;
  // With ?ferry=true: the tests read Ferry's extras (paused_reason, last_error) too.
  const state = async (index: string) => (await json(h.client.ingestion.getState({ index, ferry: true } as never))).ingestion_state[index];
  const shardStats = async (index: string, shard = 0) => {
    const body = await json(h.client.indices.stats({ index, level: 'shards' }));
    return body.indices[index].shards[String(shard)][0].polling_ingest_stats;
  };
  const failure = async (call: Promise<unknown>) => {
    const err = await call.then(() => undefined, (e: { meta: { statusCode: number; body: { error: { type: string; reason: string } } } }) => e);
    if (!err) throw new Error('expected an error answer');
    return { status: err.meta.statusCode, type: err.meta.body.error.type, reason: err.meta.body.error.reason };
  };

  beforeAll(async () => {
    h = await startHarness();
    base = join(h.dir, 'streams');
  });
  afterAll(() => h.close());

  it('creates the index, ingests appended lines per shard, and shows settings and state', async () => {
    mkdirSync(join(base, 'logs'), { recursive: true });
    append('logs', 0, envelope('a', { n: 1 }), envelope('b', { n: 2 }));
    append('logs', 1, envelope('c', { n: 3 }));
    const created = await create('logs', 2, { param: { stream: 'logs', base_directory: base } });
    expect(created.body).toMatchObject({ acknowledged: true, index: 'logs' });
    await waitFor(async () => (await countDocs(h.client, 'logs')) === 3, '3 docs');
    append('logs', 1, envelope('d', { n: 4 }));
    await waitFor(async () => (await countDocs(h.client, 'logs')) === 4, '4 docs');
    expect((await h.client.get({ index: 'logs', id: 'd' })).body._source).toEqual({ n: 4 });

    const nested = (await json(h.client.indices.get({ index: 'logs' }))).logs.settings;
    expect(nested.index.ingestion_source).toEqual({ type: 'file', pointer: { init: { reset: 'earliest' } }, param: { stream: 'logs', base_directory: base } });
    const flat = (await json(h.client.indices.get({ index: 'logs', flat_settings: true }))).logs.settings;
    expect(flat['index.ingestion_source.type']).toBe('file');

    expect(await state('logs')).toEqual([
      expect.objectContaining({ shard: 0, error_policy: 'DROP', poller_paused: false, write_block_enabled: false, batch_start_pointer: 'FileOffset{line=1}' }),
      expect.objectContaining({ shard: 1, batch_start_pointer: 'FileOffset{line=1}' }),
    ]);
    expect(['POLLING', 'PROCESSING']).toContain((await state('logs'))[0].poller_state);
    expect(await shardStats('logs', 1)).toMatchObject({
      message_processor_stats: { total_processed_count: 2, total_version_conflicts_count: 0 },
      consumer_stats: { total_polled_count: 2, pointer_based_lag: expect.any(Number) },
    });
    const doc = (await (await fetch(`${h.gw.url}/_gateway/openapi.json`)).json()) as { paths: Record<string, any> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/{index}/ingestion/_pause', '/{index}/ingestion/_resume', '/{index}/ingestion/_state']));
    expect(doc.paths['/{index}/ingestion/_state'].get.parameters.map((p: { name: string }) => p.name)).toContain('ferry');
    const metrics = await (await fetch(`${h.gw.url}/_gateway/metrics`)).text();
    expect(metrics).toContain('ferry_ingestion_processed_messages{index="logs",shard="1"} 2');
  });

  it.each([
    [{ error_strategy: 'retry' }, 'Invalid ingestion errorStrategy: retry'],
    [{ pointer: { init: { reset: 'reset_by_offset' } } }, 'Setting index.ingestion_source.pointer.init.reset.value should be set when resetting consumer position'],
    [{ mapper_type: 'xml' }, 'Unknown ingestion mapper type: xml. Valid values are: default, raw_payload'],
  ])('refuses index creation with %j', async (source, reason) => {
    expect(await failure(create('bad', 1, source))).toEqual({ status: 400, type: 'illegal_argument_exception', reason });
    expect((await h.client.indices.exists({ index: 'bad' })).body).toBe(false);
  });

  it('pauses, refuses a reset while running, and resumes from a reset offset', async () => {
    await create('pr', 1);
    append('pr', 0, envelope('1', { v: 1 }), envelope('2', { v: 2 }));
    await waitFor(async () => (await countDocs(h.client, 'pr')) === 2, '2 docs');

    const running = await h.client.ingestion.resume({ index: 'pr', body: { reset_settings: [{ shard: 0, mode: 'OFFSET', value: '0' }] } });
    expect(running.body).toEqual({ acknowledged: true, shards_acknowledged: false, error: '', failures: { pr: [{ shard: 0, error: 'Cannot reset consumer when poller is not paused' }] } });

    expect((await h.client.ingestion.pause({ index: 'pr' })).body).toEqual({ acknowledged: true, shards_acknowledged: true, error: '' });
    await waitFor(async () => (await state('pr'))[0].poller_state === 'PAUSED', 'PAUSED');
    expect((await state('pr'))[0]).toMatchObject({ poller_paused: true, paused_reason: 'paused by request' });
    // Without ?ferry=true: only the fields of OpenSearch's ShardIngestionState schema.
    const standard = (await json(h.client.ingestion.getState({ index: 'pr' }))).ingestion_state.pr[0];
    expect(Object.keys(standard).sort()).toEqual(['batch_start_pointer', 'error_policy', 'poller_paused', 'poller_state', 'shard', 'write_block_enabled']);
    append('pr', 0, envelope('3', { v: 3 }));
    await new Promise((r) => setTimeout(r, 300));
    expect(await countDocs(h.client, 'pr')).toBe(2);

    await h.client.delete({ index: 'pr', id: '1' }).catch(() => undefined);
    const resumed = await h.client.ingestion.resume({ index: 'pr', body: { reset_settings: [{ shard: 0, mode: 'offset' as never, value: '2' }] } });
    expect(resumed.body).toEqual({ acknowledged: true, shards_acknowledged: true, error: '' });
    await waitFor(async () => (await countDocs(h.client, 'pr')) === 3, '3 docs after resume');
    expect((await state('pr'))[0]).toMatchObject({ poller_paused: false, batch_start_pointer: 'FileOffset{line=2}' });
    expect((await shardStats('pr')).consumer_stats.total_polled_count).toBe(1);
  });

  it('applies external versions and deletes; conflicts are counted and dropped', async () => {
    await create('ver', 1);
    append(
      'ver',
      0,
      envelope('x', { v: 2 }, { _version: '2' }),
      envelope('x', { v: 1 }, { _version: '1' }),
      envelope('y', { v: 1 }, { _version: '1' }),
      JSON.stringify({ _id: 'y', _version: '3', _op_type: 'delete' }),
      envelope('z', { v: 1 }, { _op_type: 'create' }),
      envelope('z', { v: 2 }, { _op_type: 'create' }),
    );
    await waitFor(async () => (await shardStats('ver')).consumer_stats.total_polled_count === 6, '6 polled');
    await waitFor(async () => (await countDocs(h.client, 'ver')) === 2, 'x and z');
    expect((await h.client.get({ index: 'ver', id: 'x' })).body).toMatchObject({ _version: 2, _source: { v: 2 } });
    expect((await h.client.get({ index: 'ver', id: 'z' })).body._source).toEqual({ v: 1 });
    expect((await shardStats('ver')).message_processor_stats).toMatchObject({ total_processed_count: 4, total_version_conflicts_count: 2 });
  });

  it('DROP skips poison messages and writes them to the dead-letter file', async () => {
    const dlq = join(h.dir, 'dead', 'drop.ndjson');
    await create('drop', 1, { dead_letter: { type: 'file', path: dlq } });
    append('drop', 0, envelope('1', { ok: 1 }), '{not json', JSON.stringify({ _id: '2', _op_type: 'invalid', _source: {} }), envelope('3', { ok: 3 }));
    await waitFor(async () => (await countDocs(h.client, 'drop')) === 2, '2 good docs');
    await waitFor(async () => (await shardStats('drop')).message_processor_stats.total_failures_dropped_count === 1, 'processing drop');
    const stats = await shardStats('drop');
    expect(stats.consumer_stats).toMatchObject({ total_polled_count: 4, total_poller_message_failure_count: 1, total_poller_message_dropped_count: 1 });
    const dead = readFileSync(dlq, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(dead).toEqual([
      expect.objectContaining({ index: 'drop', shard: 0, pointer: 'FileOffset{line=1}', stage: 'polling', payload: '{not json' }),
      expect.objectContaining({ pointer: 'FileOffset{line=2}', stage: 'processing', error: 'Unknown opType:[invalid]' }),
    ]);
  });

  it('BLOCK stops at a poison message until paused and resumed past it (OpenSearch unblock flow)', async () => {
    await create('block', 1, { error_strategy: 'BLOCK' });
    append('block', 0, envelope('0', {}), ...[1, 2, 3, 4].map((i) => JSON.stringify({ _id: String(i), _op_type: i === 1 ? 'invalid' : 'index', _source: {} })));
    await waitFor(async () => (await state('block'))[0].last_error?.includes('Unknown opType:[invalid]'), 'blocked');
    expect(await countDocs(h.client, 'block')).toBe(1);
    expect((await state('block'))[0]).toMatchObject({ error_policy: 'BLOCK', poller_paused: false, batch_start_pointer: 'FileOffset{line=1}' });

    await h.client.ingestion.pause({ index: 'block' });
    await h.client.ingestion.resume({ index: 'block', body: { reset_settings: [{ shard: 0, mode: 'OFFSET', value: '2' }] } });
    await waitFor(async () => (await countDocs(h.client, 'block')) === 4, 'the rest indexed');
    expect((await shardStats('block')).consumer_stats.total_polled_count).toBe(3);
  });

  it('BLOCK on an undecodable message pauses the poller with its reason; a live switch to DROP unblocks', async () => {
    await create('blockpoll', 1, { error_strategy: 'BLOCK' });
    append('blockpoll', 0, envelope('0', {}), '{broken', envelope('2', {}));
    await waitFor(async () => (await state('blockpoll'))[0].poller_paused, 'self-paused');
    expect((await state('blockpoll'))[0]).toMatchObject({ poller_state: 'PAUSED', batch_start_pointer: 'FileOffset{line=1}' });
    expect((await state('blockpoll'))[0].paused_reason).toContain('BLOCK error strategy: message at FileOffset{line=1} failed');
    await h.client.ingestion.resume({ index: 'blockpoll' });
    await waitFor(async () => (await state('blockpoll'))[0].poller_paused, 'blocks again after a plain resume');

    await h.client.indices.putSettings({ index: 'blockpoll', body: { index: { ingestion_source: { error_strategy: 'DROP' } } } });
    await h.client.ingestion.resume({ index: 'blockpoll' });
    await waitFor(async () => (await countDocs(h.client, 'blockpoll')) === 2, 'unblocked by DROP');
    expect((await state('blockpoll'))[0].error_policy).toBe('DROP');
    expect(await failure(h.client.indices.putSettings({ index: 'blockpoll', body: { 'index.ingestion_source.pointer.init.reset': 'latest' } }))).toMatchObject({
      status: 400,
      reason: 'final index setting [index.ingestion_source.pointer.init.reset], not updateable',
    });
  });

  it('shows ingestion settings in GET _settings and pauses pollers under a write block', async () => {
    const nested = (await json(h.client.indices.getSettings({ index: 'logs' }))).logs.settings.index;
    expect(nested.ingestion_source.param.stream).toBe('logs');
    expect(nested.number_of_shards).toBe('2');
    const flat = (await json(h.client.indices.getSettings({ index: 'logs', flat_settings: true }))).logs.settings;
    expect(flat['index.ingestion_source.pointer.init.reset']).toBe('earliest');

    await h.client.indices.putSettings({ index: 'logs', body: { index: { blocks: { write: true } } } });
    await waitFor(async () => (await state('logs'))[0].poller_state === 'PAUSED', 'PAUSED by the block');
    expect((await state('logs'))[0]).toMatchObject({ poller_paused: false, write_block_enabled: true, paused_reason: 'write block on the index' });
    append('logs', 0, envelope('blocked', {}));
    await new Promise((r) => setTimeout(r, 200));
    expect(await countDocs(h.client, 'logs')).toBe(4);
    await h.client.indices.putSettings({ index: 'logs', body: { 'index.blocks.write': false } });
    await waitFor(async () => (await countDocs(h.client, 'logs')) === 5, 'ingesting after the block is lifted');
    expect((await state('logs'))[0].write_block_enabled).toBe(false);
  });

  it('raw_payload indexes whole messages under <shard>-<pointer> and DROP can dead-letter into an index', async () => {
    await create('raw', 1, { mapper_type: 'raw_payload', dead_letter: { type: 'index', index: 'raw-dead' } });
    append('raw', 0, JSON.stringify({ user: 'ann', n: 1 }), 'not json', JSON.stringify({ user: 'bob', n: 2 }));
    await waitFor(async () => (await countDocs(h.client, 'raw')) === 2, 'two raw docs');
    expect((await h.client.get({ index: 'raw', id: '0-2' })).body._source).toEqual({ user: 'bob', n: 2 });
    await waitFor(async () => (await h.client.indices.exists({ index: 'raw-dead' })).body && (await countDocs(h.client, 'raw-dead')) === 1, 'dead letter');
    const dead = (await json(h.client.search({ index: 'raw-dead' }))).hits.hits[0]._source;
    expect(dead).toMatchObject({ index: 'raw', shard: 0, pointer: 'FileOffset{line=1}', stage: 'polling', payload: 'not json' });
  });

  it('pages _state over many shards with OpenSearch tokens and errors', async () => {
    await create('wide', 5);
    const first = await json(h.client.ingestion.getState({ index: 'wide,logs', size: 4 }));
    expect(first.ingestion_state.logs.map((s: { shard: number }) => s.shard)).toEqual([0, 1]);
    expect(first.ingestion_state.wide.map((s: { shard: number }) => s.shard)).toEqual([0, 1]);
    expect(Buffer.from(first.next_page_token, 'base64').toString()).toMatch(/^1\|\d+\|wide$/);
    const second = await json(h.client.ingestion.getState({ index: 'wide,logs', size: 4, next_token: first.next_page_token }));
    expect(second.ingestion_state.wide.map((s: { shard: number }) => s.shard)).toEqual([2, 3, 4]);
    expect(second.next_page_token).toBeUndefined();
    expect(second._shards).toEqual({ total: 3, successful: 3, failed: 0, failures: [] });

    expect(await failure(h.client.ingestion.getState({ index: 'wide', next_token: Buffer.from('x|y').toString('base64') }))).toEqual({
      status: 400,
      type: 'parse_exception',
      reason: 'Parameter [next_token] has been tainted and is incorrect. Please provide a valid [next_token].',
    });
    expect((await failure(h.client.ingestion.getState({ index: 'wide', size: 0 }))).reason).toContain('size value should be greater than the replica count');
    expect((await failure(h.client.ingestion.getState({ index: 'wide,wide' }))).reason).toBe('Validation Failed: 1: duplicate index names provided;');
  });

  it('answers clearly for unknown indices, plain indices and push writes', async () => {
    expect(await failure(h.client.ingestion.pause({ index: 'nope' }))).toEqual({ status: 404, type: 'index_not_found_exception', reason: 'no such index [nope]' });
    await h.client.indices.create({ index: 'plain' });
    expect(await failure(h.client.ingestion.getState({ index: 'plain' }))).toMatchObject({ status: 400, type: 'illegal_argument_exception' });
    expect(await failure(h.client.index({ index: 'logs', id: 'p', body: {} }))).toEqual({
      status: 400,
      type: 'ingestion_engine_exception',
      reason: 'push-based indexing is not supported in ingestion engine, use streaming source instead',
    });
    expect((await h.client.ingestion.pause({ index: 'zz*' })).body).toEqual({ acknowledged: true, shards_acknowledged: false, error: '' });
  });

  it('DELETE stops and forgets ingestion', async () => {
    await h.client.indices.delete({ index: 'pr' });
    expect((await failure(h.client.ingestion.getState({ index: 'pr' }))).status).toBe(404);
    append('pr', 0, envelope('late', {}));
    await create('pr', 1, { pointer: { init: { reset: 'latest' } } });
    await new Promise((r) => setTimeout(r, 200));
    expect(await countDocs(h.client, 'pr')).toBe(0);
  });
});
