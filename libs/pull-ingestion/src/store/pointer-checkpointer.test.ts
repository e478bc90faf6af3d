import { randomBytes } from 'node:crypto';
import { createSecretBox, type Store } from '@ferry/core';
import { STORE_ENGINES, storeFixture } from '../../../../tools/peers/store-engines';
import { IngestionStore, ingestionMigrations } from './ingestion-store';
import { PointerCheckpointer } from './pointer-checkpointer';

const at = (line: number) => ({ pointer: { value: String(line), display: `FileOffset{line=${line}}` }, inclusive: false });

describe.each(STORE_ENGINES)('PointerCheckpointer on %s', (engine) => {
  const fixture = storeFixture(engine);
  let store: Store;
  let pointers: IngestionStore;
  beforeAll(async () => {
    store = await fixture.open();
    await store.migrate('ingestion', ingestionMigrations);
    pointers = new IngestionStore(store, createSecretBox({ current: randomBytes(32) }));
  });
  beforeEach(() => store.run('DELETE FROM ingestion_pointers'));

  it('writes through when the interval is 0', async () => {
    await new PointerCheckpointer(pointers, 0).save('i', 0, at(5));
    expect((await pointers.pointers('i')).get(0)).toEqual(at(5));
  });

  it('coalesces writes of every shard, keeps the newest, and writes at once when asked', async () => {
    const c = new PointerCheckpointer(pointers, 10_000);
    await c.save('i', 0, at(1));
    await c.save('i', 0, at(2));
    await c.save('i', 1, at(7));
    expect((await pointers.pointers('i')).size).toBe(0);
    await c.flush();
    expect(Object.fromEntries(await pointers.pointers('i'))).toEqual({ 0: at(2), 1: at(7) });
    await c.save('i', 0, at(3), { now: true });
    expect((await pointers.pointers('i')).get(0)).toEqual(at(3));
    await c.save('i', 1, at(8));
    c.drop('i');
    await c.flush();
    expect((await pointers.pointers('i')).get(1)).toEqual(at(7));
  });
});
