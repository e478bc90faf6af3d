import { STORE_ENGINES, storeFixture } from '../../../../tools/peers/store-engines';
import { isUniqueViolation, type Store } from './store';

// The Store contract, on every engine: what plugins may rely on whichever store the gateway runs.
describe.each(STORE_ENGINES)('Store contract on %s', (engine) => {
  const fixture = storeFixture(engine);
  let store: Store;
  beforeAll(async () => {
    store = await fixture.open();
  });

  it('reports its dialect', () => {
    expect(store.dialect).toBe(engine);
  });

  it('binds ? parameters in order, leaves ? inside literals alone, and returns rows and changes', async () => {
    await store.run('CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT, n INTEGER)');
    expect(await store.run("INSERT INTO kv (k, v, n) VALUES (?, 'what?', ?)", ['a', 1])).toEqual({ changes: 1 });
    await store.run('INSERT INTO kv (k, v, n) VALUES (?, ?, ?)', ['b', "it's ? here", 2]);
    expect(await store.all("SELECT k, v FROM kv WHERE v <> '?' AND n >= ? ORDER BY k", [1])).toEqual([
      { k: 'a', v: 'what?' },
      { k: 'b', v: "it's ? here" },
    ]);
    expect(await store.get('SELECT v FROM kv WHERE k = ?', ['b'])).toEqual({ v: "it's ? here" });
    expect(await store.get('SELECT v FROM kv WHERE k = ?', ['zzz'])).toBeUndefined();
    expect(await store.run('UPDATE kv SET n = n + 1 WHERE n >= ?', [0])).toEqual({ changes: 2 });
    expect(await store.run('DELETE FROM kv WHERE k = ?', ['none'])).toEqual({ changes: 0 });
  });

  it('returns COUNT, SUM and 64-bit integers as numbers, and binds booleans as 0/1', async () => {
    await store.run('CREATE TABLE nums (id INTEGER PRIMARY KEY, at BIGINT NOT NULL, flag INTEGER NOT NULL)');
    const ms = 1_764_633_600_123; // a millisecond timestamp: past 32 bits
    await store.run('INSERT INTO nums (id, at, flag) VALUES (?, ?, ?)', [1, ms, true]);
    await store.run('INSERT INTO nums (id, at, flag) VALUES (?, ?, ?)', [2, ms + 1, false]);
    expect(await store.get('SELECT COUNT(*) AS n, SUM(at) AS s, MAX(at) AS m FROM nums')).toEqual({ n: 2, s: 2 * ms + 1, m: ms + 1 });
    expect(await store.all('SELECT id, flag FROM nums ORDER BY id')).toEqual([
      { id: 1, flag: 1 },
      { id: 2, flag: 0 },
    ]);
  });

  it('compares a typed NULL parameter (CAST(? AS TEXT) IS NULL) the same way', async () => {
    const filter = 'SELECT k FROM kv WHERE (CAST(? AS TEXT) IS NULL OR k = ?) ORDER BY k';
    expect(await store.all(filter, [null, null])).toEqual([{ k: 'a' }, { k: 'b' }]);
    expect(await store.all(filter, ['b', 'b'])).toEqual([{ k: 'b' }]);
  });

  it('does nothing or updates on conflict, and tells a unique violation', async () => {
    await store.run('INSERT INTO kv (k, v, n) VALUES (?, ?, ?) ON CONFLICT (k) DO NOTHING', ['a', 'other', 9]);
    await store.run('INSERT INTO kv (k, v, n) VALUES (?, ?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v', ['b', 'new', 9]);
    expect(await store.all('SELECT k, v FROM kv ORDER BY k')).toEqual([
      { k: 'a', v: 'what?' },
      { k: 'b', v: 'new' },
    ]);
    const err = await store.run('INSERT INTO kv (k, v, n) VALUES (?, ?, ?)', ['a', 'dup', 0]).catch((e: unknown) => e);
    expect(isUniqueViolation(err)).toBe(true);
    expect(isUniqueViolation(new Error('other'))).toBe(false);
  });

  it('commits a transaction that resolves and rolls back one that throws, with other statements outside it', async () => {
    await store.run('CREATE TABLE t (v INTEGER)');
    await store.transaction(async (tx) => {
      await tx.run('INSERT INTO t VALUES (1)');
    });
    let inside!: () => void;
    const opened = new Promise<void>((r) => (inside = r));
    const failing = store.transaction(async (tx) => {
      await tx.run('INSERT INTO t VALUES (2)');
      inside();
      await new Promise((r) => setTimeout(r, 30));
      throw new Error('boom');
    });
    await opened;
    // Issued while the failing transaction is open: must not slip into it and be rolled back with it.
    const outside = store.run('INSERT INTO t VALUES (3)');
    await expect(failing).rejects.toThrow('boom');
    await outside;
    expect(await store.all('SELECT v FROM t ORDER BY v')).toEqual([{ v: 1 }, { v: 3 }]);
  });

  it('lets the store\'s own calls inside a transaction join it, and nests transactions as savepoints', async () => {
    await store.run('CREATE TABLE nest (v INTEGER)');
    await store.transaction(async (tx) => {
      await tx.run('INSERT INTO nest VALUES (1)');
      // Through the store, not tx: same transaction (sees the uncommitted row, no deadlock).
      await store.run('INSERT INTO nest VALUES (2)');
      expect(await store.get('SELECT COUNT(*) AS n FROM nest')).toEqual({ n: 2 });
      await expect(
        store.transaction(async (inner) => {
          await inner.run('INSERT INTO nest VALUES (3)');
          throw new Error('inner');
        }),
      ).rejects.toThrow('inner');
      await store.transaction(async (inner) => inner.run('INSERT INTO nest VALUES (4)'));
    });
    expect(await store.all('SELECT v FROM nest ORDER BY v')).toEqual([{ v: 1 }, { v: 2 }, { v: 4 }]);
    // A rolled-back outer transaction takes its savepoints with it.
    await expect(
      store.transaction(async () => {
        await store.transaction(async (inner) => inner.run('INSERT INTO nest VALUES (5)'));
        throw new Error('outer');
      }),
    ).rejects.toThrow('outer');
    expect(await store.get('SELECT COUNT(*) AS n FROM nest')).toEqual({ n: 3 });
  });

  it('commits a non-durable transaction', async () => {
    await store.run('CREATE TABLE relaxed (v INTEGER)');
    await store.transaction((tx) => tx.run('INSERT INTO relaxed VALUES (1)'), { durable: false });
    await expect(store.transaction(async () => Promise.reject(new Error('boom')), { durable: false })).rejects.toThrow('boom');
    expect(await store.all('SELECT v FROM relaxed')).toEqual([{ v: 1 }]);
  });

  it('applies migrations once, in order, with per-dialect types, and names the failing one', async () => {
    const migrations = [
      { version: 1, name: 'a', up: 'CREATE TABLE mig_a (x INTEGER NOT NULL, b BLOB)' },
      { version: 2, name: 'fn', up: async (tx: { run: Store['run'] }, dialect: string) => void (await tx.run('INSERT INTO mig_a (x) VALUES (?)', [dialect === engine ? 1 : 0])) },
    ];
    expect(await store.migrate('p', migrations)).toEqual({ applied: [1, 2] });
    expect(await store.migrate('p', migrations)).toEqual({ applied: [] });
    await store.run('INSERT INTO mig_a (x, b) VALUES (?, ?)', [2 ** 40, Buffer.from([0, 255])]);
    expect(await store.all('SELECT x, b FROM mig_a ORDER BY x')).toEqual([
      { x: 1, b: null },
      { x: 2 ** 40, b: Buffer.from([0, 255]) },
    ]);
    await expect(store.migrate('p', [...migrations, { version: 3, name: 'b', up: 'CREATE TABLE mig_a (x INTEGER)' }])).rejects.toThrow(
      /migration 3 \(b\) of 'p' failed: .*mig_a.* already exists/,
    );
    // The failed migration left nothing behind and is not recorded.
    expect(await store.all('SELECT version FROM ferry_migrations WHERE owner = ? ORDER BY version', ['p'])).toEqual([{ version: 1 }, { version: 2 }]);
    await expect(store.migrate('q', [{ version: 2, name: 'x', up: '' }, { version: 1, name: 'y', up: '' }])).rejects.toThrow('ascending');
  });

  it('keeps its data across a close and reopen', async () => {
    await store.close();
    store = await fixture.open();
    expect(await store.get('SELECT COUNT(*) AS n FROM kv')).toEqual({ n: 2 });
  });
});
