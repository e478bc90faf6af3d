import type { Logger } from '../logging/logger';

/** A background task: it runs until its signal aborts and must then return promptly. */
export type Worker = (signal: AbortSignal) => Promise<void>;

/** What a plugin uses to take part in start and stop. */
export interface PluginLifecycle {
  /** Runs when the gateway starts, before it accepts requests' background work. */
  onStart(hook: () => void | Promise<void>): void;
  /** Runs on stop, after in-flight requests finished and workers stopped; in reverse order. */
  onStop(hook: () => void | Promise<void>): void;
  /** Starts `worker` after the start hooks; aborts and awaits it on stop. */
  worker(name: string, worker: Worker): void;
}

interface Owned<T> {
  owner: string;
  name: string;
  value: T;
}

/** Runs every plugin's hooks and workers in order and stops them within a bound. */
export class Lifecycle {
  private readonly startHooks: Owned<() => void | Promise<void>>[] = [];
  private readonly stopHooks: Owned<() => void | Promise<void>>[] = [];
  private readonly workers: Owned<Worker>[] = [];
  private readonly running: { owner: string; name: string; done: Promise<void> }[] = [];
  private readonly abort = new AbortController();
  private state: 'new' | 'started' | 'stopped' = 'new';

  constructor(private readonly logger: Logger) {}

  /** The view of this lifecycle a plugin gets; everything it registers is labelled with its id. */
  forOwner(owner: string): PluginLifecycle {
    return {
      onStart: (hook) => this.startHooks.push({ owner, name: 'start', value: hook }),
      onStop: (hook) => this.stopHooks.push({ owner, name: 'stop', value: hook }),
      worker: (name, worker) => {
        const entry = { owner, name, value: worker };
        this.workers.push(entry);
        if (this.state === 'started') this.launch(entry);
      },
    };
  }

  /** The signal aborted when stopping begins. */
  get signal(): AbortSignal {
    return this.abort.signal;
  }

  async start(): Promise<void> {
    if (this.state !== 'new') return;
    for (const hook of this.startHooks) {
      try {
        await hook.value();
      } catch (err) {
        throw new Error(`plugin '${hook.owner}' failed to start: ${(err as Error).message}`, { cause: err });
      }
    }
    this.state = 'started';
    for (const worker of this.workers) this.launch(worker);
  }

  private launch(worker: Owned<Worker>): void {
    const done = Promise.resolve()
      .then(() => worker.value(this.abort.signal))
      .catch((err) => {
        if (!this.abort.signal.aborted) this.logger.error({ err, plugin: worker.owner, worker: worker.name }, 'worker failed');
      });
    this.running.push({ owner: worker.owner, name: worker.name, done });
  }

  /** Aborts workers, waits for them (up to `timeoutMs`), then runs stop hooks in reverse. */
  async stop(timeoutMs: number): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    this.abort.abort();
    const all = Promise.all(this.running.map((w) => w.done));
    const timedOut = await withTimeout(all, timeoutMs);
    if (timedOut) {
      this.logger.warn({ workers: this.running.map((w) => `${w.owner}/${w.name}`) }, 'workers did not stop in time');
    }
    for (const hook of [...this.stopHooks].reverse()) {
      try {
        await withTimeout(Promise.resolve().then(hook.value), timeoutMs);
      } catch (err) {
        this.logger.error({ err, plugin: hook.owner }, 'stop hook failed');
      }
    }
  }
}

/** Resolves true if `promise` did not settle within `ms`. */
export async function withTimeout(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(true), ms);
    timer.unref();
  });
  try {
    return await Promise.race([promise.then(() => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves after `ms`, or early (without throwing) when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
