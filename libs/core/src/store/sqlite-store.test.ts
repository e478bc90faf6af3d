import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from './sqlite-store';

describe('SQLite store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-store-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['full', 2],
    ['normal', 1],
  ] as const)('opens in WAL mode with synchronous=%s', async (synchronous, level) => {
    const store = openSqliteStore({ path: join(dir, `${synchronous}.db`), synchronous });
    expect(await store.get('PRAGMA journal_mode')).toEqual({ journal_mode: 'wal' });
    expect(await store.get('PRAGMA synchronous')).toEqual({ synchronous: level });
    await store.close();
  });

  it('commits a non-durable transaction without fsync, then restores the configured level, even after a failure', async () => {
    const store = openSqliteStore({ path: join(dir, 'relaxed.db') });
    await store.run('CREATE TABLE t (v INTEGER)');
    const inside = await store.transaction(
      async (tx) => {
        await tx.run('INSERT INTO t VALUES (1)');
        return tx.get('PRAGMA synchronous');
      },
      { durable: false },
    );
    expect(inside).toEqual({ synchronous: 1 });
    expect(await store.get('PRAGMA synchronous')).toEqual({ synchronous: 2 });
    await expect(store.transaction(async () => Promise.reject(new Error('boom')), { durable: false })).rejects.toThrow('boom');
    expect(await store.get('PRAGMA synchronous')).toEqual({ synchronous: 2 });
    expect(await store.transaction(async (tx) => tx.get('PRAGMA synchronous'))).toEqual({ synchronous: 2 });
    expect(await store.all('SELECT v FROM t')).toEqual([{ v: 1 }]);
    await store.close();
  });
});
