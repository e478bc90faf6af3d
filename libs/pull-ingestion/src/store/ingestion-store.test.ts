import { randomBytes } from 'node:crypto';
import { createSecretBox, type Store } from '@ferry/core';
import { STORE_ENGINES, storeFixture } from '../../../../tools/peers/store-engines';
import { IngestionStore, ingestionMigrations } from './ingestion-store';

const at = (line: number, inclusive = false) => ({ pointer: { value: String(line), display: `FileOffset{line=${line}}` }, inclusive });

// pull-ingestion's SQL on every engine the gateway can run on.
describe.each(STORE_ENGINES)('IngestionStore on %s', (engine) => {
  const fixture = storeFixture(engine);
  let store: Store;
  let ingestion: IngestionStore;
  beforeAll(async () => {
    store = await fixture.open();
    await store.migrate('ingestion', ingestionMigrations);
    ingestion = new IngestionStore(store, createSecretBox({ current: randomBytes(32) }));
  });

  it('saves, updates and lists indices with their sealed secrets, and forgets them with their pointers', async () => {
    const created = 1_764_633_600_123;
    await ingestion.saveIndex({ name: 'b', settings: { type: 'file' }, shards: 2, createdAt: created + 1, paused: false });
    await ingestion.saveIndex({ name: 'a', settings: { type: 'kafka' }, shards: 1, createdAt: created, paused: true }, { 'param.sasl.password': 'pw' });
    await ingestion.saveIndex({ name: 'b', settings: { type: 'file', x: '1' }, shards: 2, createdAt: created + 1, paused: true });
    expect(await ingestion.listIndices()).toEqual([
      { name: 'a', settings: { type: 'kafka' }, shards: 1, createdAt: created, paused: true },
      { name: 'b', settings: { type: 'file', x: '1' }, shards: 2, createdAt: created + 1, paused: true },
    ]);
    expect(await ingestion.secrets('a')).toEqual({ 'param.sasl.password': 'pw' });
    const sealed = await store.get<{ sealed: string }>('SELECT sealed FROM ingestion_secrets WHERE index_name = ?', ['a']);
    expect(sealed?.sealed).not.toContain('pw');
    await ingestion.saveIndex({ name: 'a', settings: { type: 'kafka' }, shards: 1, createdAt: created, paused: false }, { 'param.sasl.password': null });
    expect(await ingestion.secrets('a')).toEqual({});
    await ingestion.savePointer('a', 0, at(3));
    await ingestion.deleteIndex('a');
    expect((await ingestion.listIndices()).map((i) => i.name)).toEqual(['b']);
    expect((await ingestion.pointers('a')).size).toBe(0);
  });

  it('saves a batch of pointers in one statement per thousand, the last entry of a shard winning', async () => {
    const entries = Array.from({ length: 2300 }, (_, shard) => ({ index: 'big', shard, position: at(shard) }));
    await ingestion.savePointers([...entries, { index: 'big', shard: 7, position: at(99, true) }]);
    const pointers = await ingestion.pointers('big');
    expect(pointers.size).toBe(2300);
    expect(pointers.get(7)).toEqual(at(99, true));
    expect(pointers.get(2299)).toEqual(at(2299));
    await ingestion.savePointers([{ index: 'big', shard: 7, position: at(100) }]);
    expect((await ingestion.pointers('big')).get(7)).toEqual(at(100));
  });
});
