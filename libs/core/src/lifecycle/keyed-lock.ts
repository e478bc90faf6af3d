/** Options of {@link KeyedLock.run}. */
export interface KeyedLockRunOptions {
  /** Gives up waiting for the lock when aborted (rejects with the signal's reason); no effect once `fn` runs. */
  signal?: AbortSignal;
}

/**
 * An async mutex per key: `run(key, fn)` calls run one after another for the same key, in call order,
 * and concurrently for different keys. Each key is a promise chain released in `finally`, so a
 * throwing `fn` frees the key, and forgotten once nothing holds or waits for it.
 *
 * Not reentrant: a `fn` that runs (or awaits something that runs) `run` with its own key deadlocks.
 * Work that may be awaited by a holder, such as a background task being halted, passes a `signal`
 * aborted by that halt.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `fn` once every earlier `run` on `key` has settled; resolves or rejects as `fn` does. */
  async run<T>(key: string, fn: () => Promise<T>, options: KeyedLockRunOptions = {}): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    // The next caller waits for `previous` too, so one that gave up waiting keeps the order intact.
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    try {
      await untilSettled(previous, options.signal);
      return await fn();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** Keys held or waited for now. */
  get size(): number {
    return this.tails.size;
  }
}

function untilSettled(previous: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return previous;
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    void previous.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}
