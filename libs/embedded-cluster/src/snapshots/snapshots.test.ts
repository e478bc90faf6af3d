import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ClusterFixture, startFixture } from '../test/cluster-fixture';

const VOLATILE = ['index.uuid', 'index.provided_name'];
const stable = (settings: Record<string, unknown>) => Object.fromEntries(Object.entries(settings).filter(([k]) => !VOLATILE.includes(k)));

async function docsOf(f: ClusterFixture, index: string): Promise<Record<string, unknown>> {
  await f.client.indices.refresh({ index });
  const res = await f.client.search({ index, body: { size: 1000, version: true, seq_no_primary_term: true, query: { match_all: {} } } as any });
  return Object.fromEntries(res.body.hits.hits.map((h: any) => [h._id, { source: h._source, version: h._version, seq: h._seq_no, routing: h._routing }]));
}

describe('fs snapshot repositories: create, list, restore (exact round trip), delete', () => {
  let f: ClusterFixture;
  const absolute = mkdtempSync(join(tmpdir(), 'ferry-snap-'));
  beforeAll(async () => {
    f = await startFixture({ name: 'snapper' });
    await f.client.indices.create({
      index: 'catalog',
      body: {
        settings: { number_of_shards: 3, number_of_replicas: 0, refresh_interval: '5s' },
        mappings: { properties: { title: { type: 'text', fields: { raw: { type: 'keyword' } } }, price: { type: 'float' } } },
        aliases: { shop: { filter: { term: { tag: 'x' } }, index_routing: 'r1' }, all_items: {} },
      },
    });
    await f.client.indices.create({ index: 'other', body: { settings: { number_of_shards: 1, number_of_replicas: 0 } } });
    const body = Array.from({ length: 40 }, (_, i) => [
      { index: { _index: i < 30 ? 'catalog' : 'other', _id: `p${i}`, ...(i % 5 === 0 && i < 30 ? { routing: `u${i}` } : {}) } },
      { title: `Item ${i}`, price: i * 1.5, tag: i % 2 ? 'x' : 'y', added: '2024-01-02' },
    ]).flat();
    await f.client.bulk({ body, refresh: 'true' });
    await f.client.index({ index: 'catalog', id: 'p1', body: { title: 'Item 1 v2', price: 99 } });
    await f.client.delete({ index: 'catalog', id: 'p2' });
  });
  afterAll(async () => {
    await f.close();
    rmSync(absolute, { recursive: true, force: true });
  });

  it('registers fs repositories (relative and absolute locations) and refuses bad ones', async () => {
    expect((await f.client.snapshot.createRepository({ repository: 'backup', body: { type: 'fs', settings: { location: 'backup' } } })).body).toEqual({ acknowledged: true });
    await f.client.snapshot.createRepository({ repository: 'abs', body: { type: 'fs', settings: { location: absolute, compress: true } } });
    const { body } = await f.client.snapshot.getRepository();
    expect(body).toEqual({ abs: { type: 'fs', settings: { location: absolute, compress: 'true' } }, backup: { type: 'fs', settings: { location: 'backup' } } });
    const s3 = await f.raw('PUT', '/_snapshot/cloud', { type: 's3', settings: { bucket: 'b' } });
    expect(s3.status).toBe(400);
    expect(s3.json.error).toMatchObject({ type: 'repository_exception', reason: '[cloud] repository type [s3] does not exist' });
    const noLoc = await f.raw('PUT', '/_snapshot/noloc', { type: 'fs', settings: {} });
    expect(noLoc.json.error.reason).toBe('[noloc] missing location');
    const missing = await f.raw('GET', '/_snapshot/nope');
    expect(missing.status).toBe(404);
    expect(missing.json.error).toMatchObject({ type: 'repository_missing_exception', reason: '[nope] missing' });
    expect(missing.headers.get('content-type')).toBe('application/json; charset=UTF-8');
  });

  it('snapshots chosen indices, restores them renamed with identical documents, mappings, settings and aliases', async () => {
    const before = { catalog: await docsOf(f, 'catalog'), other: await docsOf(f, 'other') };
    const meta = (await f.client.indices.get({ index: 'catalog', flat_settings: true })).body.catalog as any;
    const created = await f.client.snapshot.create({ repository: 'backup', snapshot: 'snap-1', wait_for_completion: true, body: { indices: 'catalog,other', metadata: { by: 'test' } } });
    expect(created.body.snapshot).toMatchObject({
      snapshot: 'snap-1', state: 'SUCCESS', indices: ['catalog', 'other'], metadata: { by: 'test' }, shards: { total: 4, failed: 0, successful: 4 }, failures: [],
    });
    // Writes after the snapshot must not leak into it.
    await f.client.index({ index: 'catalog', id: 'late', body: { title: 'late' }, refresh: true });

    const restored = await f.client.snapshot.restore({
      repository: 'backup', snapshot: 'snap-1', wait_for_completion: true,
      body: { indices: 'catalog', rename_pattern: '(.+)', rename_replacement: 'restored_$1' },
    });
    expect(restored.body).toEqual({ snapshot: { snapshot: 'snap-1', indices: ['restored_catalog'], shards: { total: 3, failed: 0, successful: 3 } } });
    expect(await docsOf(f, 'restored_catalog')).toEqual(before.catalog);
    const copy = (await f.client.indices.get({ index: 'restored_catalog', flat_settings: true })).body.restored_catalog as any;
    expect(copy.mappings).toEqual(meta.mappings);
    expect(copy.aliases).toEqual(meta.aliases);
    expect(stable(copy.settings)).toEqual(stable(meta.settings));
    expect(copy.settings['index.provided_name']).toBe('restored_catalog');
    expect(copy.settings['index.uuid']).not.toBe(meta.settings['index.uuid']);

    // A write to the restored index continues its shard's sequence.
    const maxBefore = Math.max(...Object.values(before.catalog).map((d: any) => d.seq));
    const next = await f.client.index({ index: 'restored_catalog', id: 'p0', routing: 'u0', body: { title: 'again' } });
    expect(next.body._seq_no).toBeGreaterThan(0);
    expect(next.body._version).toBe((before.catalog.p0 as any).version + 1);
    expect(maxBefore).toBeGreaterThan(0);

    await f.client.indices.delete({ index: 'other' });
    await f.client.snapshot.restore({ repository: 'backup', snapshot: 'snap-1', wait_for_completion: true, body: { indices: ['other'], include_aliases: false } });
    expect(await docsOf(f, 'other')).toEqual(before.other);
  });

  it('refuses to restore over an open index and lists, gets and deletes snapshots', async () => {
    const clash = await f.raw('POST', '/_snapshot/backup/snap-1/_restore?wait_for_completion=true', { indices: 'catalog' });
    expect(clash.status).toBe(400);
    expect(clash.json.error.type).toBe('snapshot_restore_exception');
    expect(clash.json.error.reason).toContain('cannot restore index [catalog] because an open index with same name already exists in the cluster');
    const badPattern = await f.raw('POST', '/_snapshot/backup/snap-1/_restore', { rename_pattern: '(', rename_replacement: 'x' });
    expect(badPattern.status).toBe(400);
    expect(badPattern.json.error.type).toBe('illegal_argument_exception');
    await f.client.snapshot.createRepository({ repository: 'ro', body: { type: 'fs', settings: { location: 'backup', read_only: true } } });
    const readonly = await f.raw('PUT', '/_snapshot/ro/nope', {});
    expect(readonly.json.error).toMatchObject({ type: 'repository_exception', reason: '[ro] cannot create snapshot in a readonly repository' });
    expect((await f.client.snapshot.get({ repository: 'ro', snapshot: 'snap-1' })).body.snapshots[0].indices).toEqual(['catalog', 'other']);
    await f.client.snapshot.deleteRepository({ repository: 'ro' });
    await f.client.snapshot.create({ repository: 'abs', snapshot: 'all-1', wait_for_completion: true });
    await f.client.snapshot.create({ repository: 'abs', snapshot: 'all-2' });
    const listed = await f.client.snapshot.get({ repository: 'abs', snapshot: '_all' });
    expect(listed.body.snapshots.map((s: any) => s.snapshot)).toEqual(['all-1', 'all-2']);
    expect(listed.body.snapshots[0].indices).toEqual(['catalog', 'other', 'restored_catalog']);
    expect((await f.client.snapshot.get({ repository: 'abs', snapshot: 'all-*' })).body.snapshots).toHaveLength(2);
    const catSnaps = (await f.client.cat.snapshots({ repository: 'abs', format: 'json', h: ['id', 'status', 'indices', 'total_shards'] } as any)).body;
    expect(catSnaps).toEqual([
      { id: 'all-1', status: 'SUCCESS', indices: '3', total_shards: '7' },
      { id: 'all-2', status: 'SUCCESS', indices: '3', total_shards: '7' },
    ]);
    expect((await f.client.cat.repositories({ format: 'json' })).body).toEqual([{ id: 'abs', type: 'fs' }, { id: 'backup', type: 'fs' }]);
    const dup = await f.raw('PUT', '/_snapshot/abs/all-1', {});
    expect(dup.json.error.type).toBe('invalid_snapshot_name_exception');
    expect((await f.client.snapshot.delete({ repository: 'abs', snapshot: 'all-1' })).body).toEqual({ acknowledged: true });
    const gone = await f.raw('GET', '/_snapshot/abs/all-1');
    expect(gone.status).toBe(404);
    expect(gone.json.error).toMatchObject({ type: 'snapshot_missing_exception', reason: '[abs:all-1] is missing' });
    expect((await f.client.snapshot.get({ repository: 'abs', snapshot: '_all' })).body.snapshots.map((s: any) => s.snapshot)).toEqual(['all-2']);
  });

  it('keeps repositories across a restart and forgets them on delete', async () => {
    const dataDir = f.dataDir;
    await f.client.close();
    await f.cluster.close();
    const again = await startFixture({ name: 'snapper', dataDir });
    try {
      expect(Object.keys((await again.client.snapshot.getRepository()).body).sort()).toEqual(['abs', 'backup']);
      expect((await again.client.snapshot.get({ repository: 'backup', snapshot: 'snap-1' })).body.snapshots[0].state).toBe('SUCCESS');
      expect((await again.client.snapshot.deleteRepository({ repository: 'backup' })).body).toEqual({ acknowledged: true });
      expect((await again.raw('GET', '/_snapshot/backup')).status).toBe(404);
    } finally {
      await again.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
    f = await startFixture({ name: 'snapper' });
  });
});
