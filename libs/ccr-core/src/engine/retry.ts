import { FencedError, sleep } from '@ferry/core';
import { toRestError, type RestError } from '../rest/rest';

/** Raised to stop a replication: a failure no retry can fix (auto-pause with its reason). */
export class FatalReplicationError extends Error {
  constructor(
    message: string,
    override readonly cause?: RestError,
  ) {
    super(message);
    this.name = 'FatalReplicationError';
  }
}

/** Thrown when the task's signal aborted while waiting. */
export class Aborted extends Error {
  constructor() {
    super('aborted');
    this.name = 'Aborted';
  }
}

/** Options of {@link withRetry}. */
export interface RetryOptions {
  signal: AbortSignal;
  initialMs: number;
  maxMs: number;
  /** Called on every transient failure (counts failed/throttled requests). */
  onTransient?: (err: RestError) => void;
  /** Called when a call succeeds after transient failures. */
  onRecovered?: () => void;
}

/**
 * Runs `fn` until it succeeds: transient failures (unreachable, 429, 5xx) wait with doubling backoff;
 * anything else is fatal and becomes a {@link FatalReplicationError}.
 */
export async function withRetry<T>(fn: () => Promise<T>, options: RetryOptions): Promise<T> {
  let delay = options.initialMs;
  let failed = false;
  for (;;) {
    if (options.signal.aborted) throw new Aborted();
    try {
      const result = await fn();
      if (failed) options.onRecovered?.();
      return result;
    } catch (raw) {
      if (raw instanceof FatalReplicationError || raw instanceof Aborted) throw raw;
      // The lease moved on: this node must stop, the new owner carries on. Not a failure of the replication.
      if (raw instanceof FencedError) throw new Aborted();
      const err = toRestError(raw);
      if (!err.transient) throw new FatalReplicationError(err.summary, err);
      failed = true;
      options.onTransient?.(err);
      await sleep(delay, options.signal);
      delay = Math.min(delay * 2, options.maxMs);
    }
  }
}

/** Waits, then throws {@link Aborted} if the signal fired meanwhile. */
export async function pause(ms: number, signal: AbortSignal): Promise<void> {
  await sleep(ms, signal);
  if (signal.aborted) throw new Aborted();
}
