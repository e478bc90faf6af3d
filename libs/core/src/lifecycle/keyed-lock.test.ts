import { KeyedLock } from './keyed-lock';

/** A promise with its resolver, to hold an operation open. */
function gate(): { promise: Promise<void>; open(): void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('KeyedLock', () => {
  it('runs calls on one key one after another, in call order', async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    let inside = 0;
    const op = (name: string, ticks: number) =>
      lock.run('k', async () => {
        inside++;
        expect(inside).toBe(1);
        log.push(`${name}:start`);
        for (let i = 0; i < ticks; i++) await Promise.resolve();
        log.push(`${name}:end`);
        inside--;
        return name;
      });
    const results = await Promise.all([op('a', 5), op('b', 1), op('c', 3)]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['a:start', 'a:end', 'b:start', 'b:end', 'c:start', 'c:end']);
  });

  it('runs different keys concurrently', async () => {
    const lock = new KeyedLock();
    const held = gate();
    const first = lock.run('a', () => held.promise);
    await expect(lock.run('b', async () => 'b')).resolves.toBe('b');
    held.open();
    await first;
  });

  it('releases the key when the holder throws, and passes the error on', async () => {
    const lock = new KeyedLock();
    const failing = lock.run('k', async () => {
      throw new Error('boom');
    });
    const next = lock.run('k', async () => 'next');
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next');
  });

  it('forgets a key once nothing holds or waits for it', async () => {
    const lock = new KeyedLock();
    const held = gate();
    const first = lock.run('k', () => held.promise);
    const second = lock.run('k', async () => undefined);
    expect(lock.size).toBe(1);
    held.open();
    await Promise.all([first, second]);
    expect(lock.size).toBe(0);
  });

  it('gives up waiting when the signal aborts, without letting a later caller overtake the holder', async () => {
    const lock = new KeyedLock();
    const held = gate();
    const log: string[] = [];
    const first = lock.run('k', async () => {
      await held.promise;
      log.push('first');
    });
    const controller = new AbortController();
    const waiting = lock.run('k', async () => log.push('aborted one ran'), { signal: controller.signal });
    const third = lock.run('k', async () => log.push('third'));
    controller.abort(new Error('halted'));
    await expect(waiting).rejects.toThrow('halted');
    await Promise.resolve();
    expect(log).toEqual([]);
    held.open();
    await Promise.all([first, third]);
    expect(log).toEqual(['first', 'third']);
    expect(lock.size).toBe(0);
  });

  it('refuses at once with an already aborted signal', async () => {
    const lock = new KeyedLock();
    const fn = jest.fn(async () => undefined);
    await expect(lock.run('k', fn, { signal: AbortSignal.abort() })).rejects.toBeDefined();
    expect(fn).not.toHaveBeenCalled();
    expect(lock.size).toBe(0);
  });
});
