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

  it('commits a transaction that resolves and rolls back one that throws, with other statements waiting', async () => {
    const store = openSqliteStore({ path: join(dir, 'tx.db') });
    await store.run('CREATE TABLE t (v INTEGER)');
    await store.transaction(async (tx) => {
      await tx.run('INSERT INTO t VALUES (1)');
    });
    const failing = store.transaction(async (tx) => {
      await tx.run('INSERT INTO t VALUES (2)');
      await new Promise((r) => setTimeout(r, 20));
      throw new Error('boom');
    });
    // Issued while the failing transaction is open: must not slip into it and be rolled back with it.
    const outside = store.run('INSERT INTO t VALUES (3)');
    await expect(failing).rejects.toThrow('boom');
    await outside;
    expect(await store.all('SELECT v FROM t ORDER BY v')).toEqual([{ v: 1 }, { v: 3 }]);
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

  it('applies migrations once and names the failing one', async () => {
    const store = openSqliteStore({ path: join(dir, 'mig.db') });
    const migrations = [{ version: 1, name: 'a', up: 'CREATE TABLE a (x)' }];
    expect(await store.migrate('p', migrations)).toEqual({ applied: [1] });
    expect(await store.migrate('p', migrations)).toEqual({ applied: [] });
    await expect(store.migrate('p', [...migrations, { version: 2, name: 'b', up: 'CREATE TABLE a (x)' }])).rejects.toThrow(
      "migration 2 (b) of 'p' failed: table a already exists",
    );
    await expect(store.migrate('q', [{ version: 2, name: 'x', up: '' }, { version: 1, name: 'y', up: '' }])).rejects.toThrow('ascending');
    await store.close();
  });
});
