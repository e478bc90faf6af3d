import { type ClusterFixture, startFixture } from './cluster-fixture';

describe('embedded cluster: index admin', () => {
  let f: ClusterFixture;
  beforeAll(async () => {
    f = await startFixture();
  });
  afterAll(() => f.close());

  it.each([
    ['UPPER', 'must be lowercase'],
    ['_under', "must not start with '_', '-', or '+'"],
    ['-dash', "must not start with '_', '-', or '+'"],
    ['a*b', 'must not contain the following characters [ , ", *, \\, <, |, ,, >, /, ?]'],
    ['a#b', "must not contain '#'"],
    ['a:b', "must not contain ':'"],
    ['x'.repeat(256), 'index name is too long, (256 > 255)'],
  ])('refuses index name %s', async (name, reason) => {
    const r = await f.raw('PUT', `/${encodeURIComponent(name)}`, {});
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ type: 'invalid_index_name_exception', reason: `Invalid index name [${name}], ${reason}` });
  });

  it('infers dynamic mappings as OpenSearch does and merges explicit ones', async () => {
    await f.client.index({ index: 'dyn', id: '1', body: { n: 1, f: 1.5, b: true, d: '2024-01-02T03:04:05Z', s: 'hello', o: { inner: 'x' } } });
    const m = await f.client.indices.getMapping({ index: 'dyn' });
    expect((m.body as any).dyn.mappings.properties).toEqual({
      n: { type: 'long' },
      f: { type: 'float' },
      b: { type: 'boolean' },
      d: { type: 'date' },
      s: { type: 'text', fields: { keyword: { type: 'keyword', ignore_above: 256 } } },
      o: { properties: { inner: { type: 'text', fields: { keyword: { type: 'keyword', ignore_above: 256 } } } } },
    });
    const bad = await f.raw('PUT', '/dyn/_doc/2', { n: 'not a number' });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatchObject({ type: 'mapper_parsing_exception' });
    expect(bad.json.error.reason).toContain("failed to parse field [n] of type [long] in document with id '2'");
    await f.client.indices.putMapping({ index: 'dyn', body: { properties: { extra: { type: 'keyword' } } } });
    const conflict = await f.raw('PUT', '/dyn/_mapping', { properties: { n: { type: 'text' } } });
    expect(conflict.json.error.reason).toBe('mapper [n] cannot be changed from type [long] to [text]');
    await f.client.indices.create({ index: 'strict', body: { mappings: { dynamic: 'strict', properties: { a: { type: 'keyword' } } } } });
    const strict = await f.raw('PUT', '/strict/_doc/1', { b: 1 });
    expect(strict.json.error).toMatchObject({
      type: 'strict_dynamic_mapping_exception',
      reason: 'mapping set to strict, dynamic introduction of [b] within [_doc] is not allowed',
    });
  });

  it('gets and updates settings, refusing static ones on open indices', async () => {
    await f.client.indices.create({ index: 'set', body: { settings: { index: { number_of_shards: 2, number_of_replicas: 0 } } } });
    await f.client.indices.putSettings({ index: 'set', body: { index: { refresh_interval: '5s', number_of_replicas: 1 } } });
    const s = await f.client.indices.getSettings({ index: 'set' });
    expect((s.body as any).set.settings.index).toMatchObject({ refresh_interval: '5s', number_of_replicas: '1', number_of_shards: '2' });
    const flat = await f.raw('GET', '/set/_settings?flat_settings=true');
    expect(flat.json.set.settings['index.refresh_interval']).toBe('5s');
    const stat = await f.raw('PUT', '/set/_settings', { index: { number_of_shards: 3 } });
    expect(stat.status).toBe(400);
    expect(stat.json.error.reason).toMatch(/^Can't update non dynamic settings \[\[index.number_of_shards\]\] for open indices \[\[set\/.+\]\]$/);
  });

  it('manages aliases, resolves expressions and routes writes through a write alias', async () => {
    await f.client.indices.create({ index: 'logs-1' });
    await f.client.indices.create({ index: 'logs-2' });
    await f.client.indices.updateAliases({
      body: { actions: [{ add: { index: 'logs-1', alias: 'logs' } }, { add: { index: 'logs-2', alias: 'logs', is_write_index: true } }, { add: { index: 'logs-*', alias: 'errors', filter: { term: { level: 'error' } } } }] },
    });
    const w = await f.client.index({ index: 'logs', id: 'a', body: { level: 'error' }, refresh: true });
    expect(w.body._index).toBe('logs-2');
    await f.client.index({ index: 'logs-1', id: 'b', body: { level: 'info' }, refresh: true });
    expect((await f.client.count({ index: 'logs' })).body.count).toBe(2);
    expect((await f.client.count({ index: 'errors' })).body.count).toBe(1);
    const aliases = await f.client.indices.getAlias({ name: 'logs' });
    expect(aliases.body).toEqual({ 'logs-1': { aliases: { logs: {} } }, 'logs-2': { aliases: { logs: { is_write_index: true } } } });
    expect((await f.raw('GET', '/_alias/nope')).status).toBe(404);
    const resolved = await f.raw('GET', '/_resolve/index/logs*');
    expect(resolved.json.indices.map((i: { name: string }) => i.name)).toEqual(['logs-1', 'logs-2']);
    expect(resolved.json.aliases).toEqual([{ name: 'errors', indices: ['logs-1', 'logs-2'] }, { name: 'logs', indices: ['logs-1', 'logs-2'] }]);
    expect(Object.keys((await f.client.indices.get({ index: 'logs-*,-logs-2' })).body)).toEqual(['logs-1']);
    expect((await f.client.count({ index: '_all' })).body.count).toBeGreaterThanOrEqual(2);
    await f.client.indices.deleteAlias({ index: 'logs-1', name: 'logs' });
    expect(Object.keys((await f.client.indices.getAlias({ name: 'logs' })).body)).toEqual(['logs-2']);
  });

  it('closes, opens and blocks indices', async () => {
    await f.client.index({ index: 'blk', id: '1', body: { a: 1 }, refresh: true });
    await f.client.indices.close({ index: 'blk' });
    const closedSearch = await f.raw('POST', '/blk/_search', {});
    expect(closedSearch.status).toBe(400);
    expect(closedSearch.json.error.type).toBe('index_closed_exception');
    await f.client.indices.open({ index: 'blk' });
    expect((await f.client.count({ index: 'blk' })).body.count).toBe(1);
    const block = await f.raw('PUT', '/blk/_block/write');
    expect(block.json).toEqual({ acknowledged: true, shards_acknowledged: true, indices: [{ name: 'blk', blocked: true }] });
    const refused = await f.raw('PUT', '/blk/_doc/2', { a: 2 });
    expect(refused.status).toBe(403);
    expect(refused.json.error).toMatchObject({ type: 'cluster_block_exception', reason: 'index [blk] blocked by: [FORBIDDEN/8/index write (api)];' });
    await f.client.indices.putSettings({ index: 'blk', body: { 'index.blocks.write': false } });
    expect((await f.raw('PUT', '/blk/_doc/2', { a: 2 })).status).toBe(201);
    for (const op of ['_flush', '_forcemerge', '_cache/clear', '_refresh']) {
      const r = await f.raw('POST', `/blk/${op}`);
      expect(r.json._shards).toEqual({ total: 2, successful: 1, failed: 0 });
    }
  });
});
