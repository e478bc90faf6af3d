import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { countDocs, envelope, startHarness, waitFor, type IngestionHarness } from '../../test/harness';

const INDEXING = 'push-based indexing is not supported in ingestion engine, use streaming source instead';
const DELETION = 'push-based deletion is not supported in ingestion engine, use streaming source instead';
const refusal = (reason: string) => ({ type: 'ingestion_engine_exception', reason });

describe('push-based writes to ingestion indices are refused through the gateway, as OpenSearch does', () => {
  let h: IngestionHarness;
  let base: string;
  const json = async (call: Promise<{ body: unknown }>): Promise<any> => (await call).body;
  const append = (...lines: string[]) => appendFileSync(join(base, 'ing', '0.ndjson'), lines.map((l) => `${l}\n`).join(''));
  const failure = async (call: Promise<unknown>) => {
    const err = await call.then(() => undefined, (e: { meta: { statusCode: number; body: any } }) => e);
    if (!err) throw new Error('expected an error answer');
    return { status: err.meta.statusCode, body: err.meta.body };
  };
  const envelopeOf = (reason: string) => ({ status: 400, body: { error: { root_cause: [refusal(reason)], ...refusal(reason) }, status: 400 } });

  beforeAll(async () => {
    h = await startHarness();
    base = join(h.dir, 'streams');
    mkdirSync(join(base, 'ing'), { recursive: true });
    append(envelope('s1', { n: 1, tag: 'a' }), envelope('s2', { n: 2, tag: 'b' }));
    await h.client.indices.create({
      index: 'ing',
      body: { settings: { index: { number_of_shards: 1 }, ingestion_source: { type: 'file', pointer: { init: { reset: 'earliest' } }, param: { stream: 'ing', base_directory: base } } } },
    });
    await h.client.indices.create({ index: 'plain' });
    await h.client.indices.updateAliases({ body: { actions: [{ add: { index: 'ing', alias: 'ing-alias' } }, { add: { index: 'ing', alias: 'ing-read' } }, { add: { index: 'plain', alias: 'ing-read', is_write_index: true } }] } });
    await waitFor(async () => (await countDocs(h.client, 'ing')) === 2, 'streamed docs');
  });
  afterAll(() => h.close());

  it('refuses single-document writes with ingestion_engine_exception (400), directly and through a write alias', async () => {
    expect(await failure(h.client.index({ index: 'ing', id: '1', body: { x: 1 } }))).toEqual(envelopeOf(INDEXING));
    expect(await failure(h.client.index({ index: 'ing', body: { x: 1 } }))).toEqual(envelopeOf(INDEXING));
    expect(await failure(h.client.create({ index: 'ing', id: '2', body: { x: 1 } }))).toEqual(envelopeOf(INDEXING));
    expect(await failure(h.client.update({ index: 'ing', id: 's1', body: { doc: { x: 1 } } }))).toEqual(envelopeOf(INDEXING));
    expect(await failure(h.client.delete({ index: 'ing', id: 's1' }))).toEqual(envelopeOf(DELETION));
    expect(await failure(h.client.index({ index: 'ing-alias', id: '3', body: { x: 1 } }))).toEqual(envelopeOf(INDEXING));
    // ing-read writes to plain (its write index): allowed.
    expect((await h.client.index({ index: 'ing-read', id: 'r', body: { x: 1 } })).statusCode).toBe(201);
    expect(await countDocs(h.client, 'ing')).toBe(2);
  });

  it('refuses _bulk items one by one, runs the others, and answers every item in order', async () => {
    const res = await json(
      h.client.bulk({
        refresh: true,
        body: [
          { index: { _index: 'plain', _id: 'p1' } },
          { n: 1 },
          { index: { _index: 'ing', _id: 'i1' } },
          { n: 1 },
          { delete: { _index: 'ing', _id: 's1' } },
          { create: { _index: 'ing-alias', _id: 'i2' } },
          { n: 2 },
          { update: { _index: 'ing', _id: 's2' } },
          { doc: { n: 3 } },
          { index: { _index: 'ing' } },
          { n: 4 },
          { create: { _index: 'plain', _id: 'p2' } },
          { n: 2 },
        ],
      }),
    );
    expect(res.errors).toBe(true);
    expect(res.items.map((i: Record<string, { status: number }>) => [Object.keys(i)[0], Object.values(i)[0].status])).toEqual([
      ['index', 201],
      ['index', 400],
      ['delete', 400],
      ['create', 400],
      ['update', 400],
      ['index', 400],
      ['create', 201],
    ]);
    expect(res.items[1].index).toEqual({ _index: 'ing', _id: 'i1', status: 400, error: refusal(INDEXING) });
    expect(res.items[2].delete).toEqual({ _index: 'ing', _id: 's1', status: 400, error: refusal(DELETION) });
    expect(res.items[3].create._index).toBe('ing');
    expect(res.items[5].index._id).toMatch(/^[\w-]{20}$/);
    expect((await h.client.get({ index: 'plain', id: 'p2' })).body._source).toEqual({ n: 2 });
    expect(await countDocs(h.client, 'ing')).toBe(2);

    const onlyIngestion = await json(h.client.bulk({ index: 'ing', body: [{ index: { _id: 'a' } }, { n: 1 }, { delete: { _id: 's2' } }] }));
    expect(onlyIngestion).toEqual({ took: expect.any(Number), errors: true, items: [{ index: expect.objectContaining({ status: 400 }) }, { delete: expect.objectContaining({ status: 400 }) }] });
    const untouched = await json(h.client.bulk({ index: 'plain', body: [{ index: { _id: 'p3' } }, { n: 3 }] }));
    expect(untouched.errors).toBe(false);
  });

  it('refuses _delete_by_query and _update_by_query over matching ingestion documents with OpenSearch failures', async () => {
    const del = await failure(h.client.deleteByQuery({ index: 'ing', body: { query: { match_all: {} } } }));
    expect(del.status).toBe(400);
    expect(del.body).toMatchObject({ timed_out: false, total: 2, deleted: 0, batches: 1, version_conflicts: 0, noops: 0, requests_per_second: -1 });
    expect(del.body.failures).toEqual(expect.arrayContaining([{ index: 'ing', id: 's1', cause: refusal(DELETION), status: 400 }]));
    expect(del.body.failures).toHaveLength(2);

    const upd = await failure(h.client.updateByQuery({ index: 'ing-alias', body: { query: { term: { tag: 'a' } } } }));
    expect(upd.body).toMatchObject({ total: 1, updated: 0, failures: [{ index: 'ing', id: 's1', cause: refusal(INDEXING), status: 400 }] });
    // A mixed expression writes nothing when an ingestion index has matches.
    expect((await failure(h.client.deleteByQuery({ index: 'plain,ing', body: { query: { match_all: {} } } }))).status).toBe(400);
    expect(await countDocs(h.client, 'plain')).toBe(4);

    expect((await json(h.client.deleteByQuery({ index: 'ing', body: { query: { term: { tag: 'zzz' } } } }))).deleted).toBe(0);
    expect((await json(h.client.deleteByQuery({ index: 'plain', refresh: true, body: { query: { ids: { values: ['p3'] } } } }))).deleted).toBe(1);
    expect(await countDocs(h.client, 'ing')).toBe(2);
  });

  it('keeps the pollers writing, and follows alias moves made through the gateway', async () => {
    append(envelope('s3', { n: 3 }), JSON.stringify({ _id: 's1', _op_type: 'delete' }));
    await waitFor(async () => (await countDocs(h.client, 'ing')) === 2 && (await h.client.exists({ index: 'ing', id: 's3' })).body, 'streamed write and delete');
    expect((await h.client.exists({ index: 'ing', id: 's1' })).body).toBe(false);

    await h.client.indices.updateAliases({ body: { actions: [{ remove: { index: 'ing', alias: 'ing-alias' } }, { add: { index: 'plain', alias: 'ing-alias' } }] } });
    expect((await h.client.index({ index: 'ing-alias', id: 'moved', body: {} })).statusCode).toBe(201);
    await h.client.indices.putAlias({ index: 'ing', name: 'late' });
    expect((await failure(h.client.index({ index: 'late', id: 'x', body: {} }))).status).toBe(400);
  });
});
