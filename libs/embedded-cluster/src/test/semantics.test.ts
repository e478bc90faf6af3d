import { type ClusterFixture, startFixture } from './cluster-fixture';

describe('embedded cluster: versions, refresh and point-in-time semantics', () => {
  let f: ClusterFixture;
  beforeAll(async () => {
    f = await startFixture();
  });
  afterAll(() => f.close());

  it('checks external, external_gte and if_seq_no versions with OpenSearch messages', async () => {
    const put = (id: string, qs: string, body: unknown = { a: 1 }) => f.raw('PUT', `/ver/_doc/${id}?${qs}`, body);
    expect((await put('1', 'version=5&version_type=external')).json).toMatchObject({ _version: 5, result: 'created' });
    const older = await put('1', 'version=5&version_type=external');
    expect(older.status).toBe(409);
    expect(older.json.error).toMatchObject({
      type: 'version_conflict_engine_exception',
      reason: '[1]: version conflict, current version [5] is higher or equal to the one provided [5]',
      index: 'ver',
      shard: '0',
    });
    expect((await put('1', 'version=5&version_type=external_gte')).json).toMatchObject({ _version: 5, result: 'updated' });
    const gte = await put('1', 'version=4&version_type=external_gte');
    expect(gte.json.error.reason).toBe('[1]: version conflict, current version [5] is higher than the one provided [4]');
    const internal = await put('1', 'version=5');
    expect(internal.status).toBe(400);
    expect(internal.json.error.type).toBe('action_request_validation_exception');
    const cur = await f.client.get({ index: 'ver', id: '1' });
    const ok = await put('1', `if_seq_no=${cur.body._seq_no}&if_primary_term=1`);
    expect(ok.json).toMatchObject({ result: 'updated', _version: 6 });
    const stale = await put('1', `if_seq_no=${cur.body._seq_no}&if_primary_term=1`);
    expect(stale.json.error.reason).toBe(
      `[1]: version conflict, required seqNo [${cur.body._seq_no}], primary term [1]. current document has seqNo [${ok.json._seq_no}] and primary term [1]`,
    );
    const none = await put('nope', 'if_seq_no=3&if_primary_term=1');
    expect(none.json.error.reason).toBe('[nope]: version conflict, required seqNo [3], primary term [1]. but no document was found');
    // A delete keeps a tombstone (gc_deletes): an external write below the tombstone's version conflicts.
    await f.raw('DELETE', '/ver/_doc/1?version=10&version_type=external');
    const below = await put('1', 'version=9&version_type=external');
    expect(below.json.error.reason).toBe('[1]: version conflict, current version [10] is higher or equal to the one provided [9]');
    expect((await put('1', 'version=11&version_type=external')).json).toMatchObject({ result: 'created', _version: 11 });
  });

  it('makes writes searchable only after a refresh while GET stays realtime', async () => {
    await f.client.indices.create({ index: 'nrt', body: { settings: { refresh_interval: '-1' } } });
    await f.client.index({ index: 'nrt', id: 'x', body: { v: 1 } });
    expect((await f.client.get({ index: 'nrt', id: 'x' })).body.found).toBe(true);
    expect((await f.client.count({ index: 'nrt' })).body.count).toBe(0);
    await f.client.index({ index: 'nrt', id: 'y', body: { v: 2 }, refresh: 'wait_for' });
    expect((await f.client.count({ index: 'nrt' })).body.count).toBe(2);
    await f.client.index({ index: 'nrt', id: 'x', body: { v: 3 } });
    const before = await f.client.search({ index: 'nrt', body: { query: { term: { v: 3 } } } });
    expect((before.body.hits.total as { value: number }).value).toBe(0);
    await f.client.indices.putSettings({ index: 'nrt', body: { index: { refresh_interval: '50ms' } } });
    await new Promise((r) => setTimeout(r, 300));
    const after = await f.client.search({ index: 'nrt', body: { query: { term: { v: 3 } } } });
    expect((after.body.hits.total as { value: number }).value).toBe(1);
  });

  it('keeps a point-in-time view stable under concurrent writes and deletes', async () => {
    await f.client.indices.create({ index: 'pit', body: { settings: { number_of_shards: 2, refresh_interval: '10ms' } } });
    await f.client.bulk({ body: Array.from({ length: 200 }, (_, i) => [{ index: { _index: 'pit', _id: `k${i}` } }, { n: i }]).flat(), refresh: 'true' });
    const pit = await f.raw('POST', '/pit/_search/point_in_time?keep_alive=1m');
    expect(pit.json._shards).toMatchObject({ total: 2, successful: 2 });
    let stop = false;
    const writer = (async () => {
      for (let i = 0; !stop; i++) {
        await f.client.bulk({ body: [{ index: { _index: 'pit', _id: `new${i}` } }, { n: 1000 + i }, { delete: { _index: 'pit', _id: `k${i % 200}` } }, { index: { _index: 'pit', _id: `k${(i + 7) % 200}` } }, { n: -1 }] });
      }
    })();
    const pages = async () => {
      const ids: string[] = [];
      let after: unknown[] | undefined;
      for (;;) {
        const r = await f.raw('POST', '/_search', { pit: { id: pit.json.pit_id, keep_alive: '1m' }, size: 37, sort: [{ _seq_no: 'asc' }, { _id: 'asc' }], ...(after ? { search_after: after } : {}) });
        const hits = r.json.hits.hits as { _id: string; _source: { n: number }; sort: unknown[] }[];
        if (hits.length === 0) return ids;
        hits.forEach((h) => {
          expect(h._source.n).toBeGreaterThanOrEqual(0);
          ids.push(h._id);
        });
        after = hits[hits.length - 1].sort;
        await new Promise((r2) => setTimeout(r2, 15));
      }
    };
    const first = await pages();
    const second = await pages();
    stop = true;
    await writer;
    expect([...first].sort()).toEqual(Array.from({ length: 200 }, (_, i) => `k${i}`).sort());
    expect(second).toEqual(first);
    await f.client.indices.refresh({ index: 'pit' });
    const live = await f.client.count({ index: 'pit', body: { query: { ids: { values: ['new0'] } } } });
    expect(live.body.count).toBe(1);
    expect(first).toContain('k0');
    expect(first).not.toContain('new0');
    const del = await f.raw('DELETE', '/_search/point_in_time', { pit_id: [pit.json.pit_id] });
    expect(del.json).toEqual({ pits: [{ pit_id: pit.json.pit_id, successful: true }] });
    const gone = await f.raw('POST', '/_search', { pit: { id: pit.json.pit_id } });
    expect(gone.status).toBe(404);
  });

  it('scrolls through a consistent snapshot', async () => {
    await f.client.bulk({ body: Array.from({ length: 25 }, (_, i) => [{ index: { _index: 'scroll', _id: `s${i}` } }, { n: i }]).flat(), refresh: 'true' });
    const first = await f.raw('POST', '/scroll/_search?scroll=1m', { size: 10 });
    await f.client.index({ index: 'scroll', id: 'late', body: { n: 99 }, refresh: true });
    const seen = first.json.hits.hits.map((h: { _id: string }) => h._id);
    let id = first.json._scroll_id;
    for (;;) {
      const next = await f.raw('POST', '/_search/scroll', { scroll: '1m', scroll_id: id });
      if (next.json.hits.hits.length === 0) break;
      seen.push(...next.json.hits.hits.map((h: { _id: string }) => h._id));
      id = next.json._scroll_id;
    }
    expect(seen).toHaveLength(25);
    expect(seen).not.toContain('late');
    expect((await f.raw('DELETE', '/_search/scroll', { scroll_id: [id] })).json).toEqual({ succeeded: true, num_freed: 1 });
  });
});
