import type { Logger } from '@ferry/core';
import { InvalidMessageError, mapperFor, SkippedMessage, type MappedOperation } from '../messages/mappers';
import type { IngestionSource } from '../settings/ingestion-settings';
import { messagePointer, type SourceRecord } from '../sources/consumer';
import { bulkLines, type BulkSink, type ItemOutcome } from './bulk-writer';
import type { DeadLetterWriter } from './dead-letter';
import type { PollingIngestStats } from './stats';

/** What processing a batch needs from its poller. */
export interface ProcessContext {
  index: string;
  shard: number;
  settings: IngestionSource;
  stats: PollingIngestStats;
  sink: BulkSink;
  deadLetter: DeadLetterWriter;
  logger: Logger;
  retryWaitMs: number;
  /** True once the poller was paused, reset or closed: stop and leave the rest for later. */
  aborted(): boolean;
  /** Sleeps, waking early when aborted. */
  wait(ms: number): Promise<void>;
  setError(message: string | undefined): void;
  /** Everything before `next` is written: it becomes the batch start pointer (persisted). */
  progress(next: SourceRecord): Promise<void>;
}

/** How a batch ended. */
export type BatchResult =
  /** Everything was written or dropped; `block` is set when a POLLING-stage BLOCK stopped the batch there. */
  | { done: true; block?: { record: SourceRecord; reason: string } }
  /** Stopped early (pause, reset, close): restart from `restartAt`, inclusive. */
  | { done: false; restartAt: SourceRecord };

interface Item {
  record: SourceRecord;
  op?: MappedOperation;
  invalid?: string;
  attempts: number;
}

// OpenSearch's MIN_RETRY_COUNT: a retriable failure is given up after this many attempts (DROP only).
const MAX_ATTEMPTS = 2;

/** A record decoded and mapped ahead of its turn: no counter or dead letter is touched yet. */
export interface PreparedRecord {
  record: SourceRecord;
  op?: MappedOperation;
  error?: Error;
}

/**
 * Decodes and maps records and writes their `_bulk` lines. Pure, so the poller does it while the previous
 * batch's `_bulk` is in flight; what a failure means (DROP, BLOCK, counters) is decided by {@link processBatch}.
 */
export function prepareRecords(records: readonly SourceRecord[], target: { index: string; shard: number; mapperType: IngestionSource['mapperType'] }): PreparedRecord[] {
  const mapper = mapperFor(target.mapperType);
  const indexJson = JSON.stringify(target.index);
  return records.map((record) => {
    try {
      const op = mapper(record, target.shard);
      op.ndjson = bulkLines(indexJson, op);
      return { record, op };
    } catch (err) {
      return { record, error: err as Error };
    }
  });
}

/** Takes mapped records in order; a decode failure is dropped (DROP) or stops the batch there (BLOCK). */
async function mapRecords(ctx: ProcessContext, prepared: readonly PreparedRecord[]): Promise<{ items: Item[]; block?: { record: SourceRecord; reason: string } }> {
  const items: Item[] = [];
  for (const { record, op, error: err } of prepared) {
    if (op) items.push({ record, op, attempts: 0 });
    else {
      const message = (err as Error).message;
      if (err instanceof SkippedMessage) ctx.stats.invalid++;
      else if (err instanceof InvalidMessageError) items.push({ record, invalid: message, attempts: 0 });
      else {
        ctx.stats.pollerMessageFailures++;
        if (ctx.settings.errorStrategy === 'BLOCK') return { items, block: { record, reason: `BLOCK error strategy: message at ${messagePointer(record.pointer).display} failed: ${message}` } };
        ctx.stats.pollerMessageDropped++;
        await dropToDeadLetter(ctx, record, 'polling', message);
      }
    }
  }
  return { items };
}

async function dropToDeadLetter(ctx: ProcessContext, record: SourceRecord, stage: 'polling' | 'processing', error: string): Promise<void> {
  const destination = ctx.settings.deadLetter;
  if (destination.type === 'none') return;
  const entry = { index: ctx.index, shard: ctx.shard, pointer: messagePointer(record.pointer).display, stage, error, payload: record.payload.toString('utf8'), dropped_at: Date.now() };
  try {
    await ctx.deadLetter(destination, entry);
    ctx.stats.deadLettered++;
  } catch (err) {
    ctx.logger.error({ err, index: ctx.index, shard: ctx.shard }, 'dead-letter write failed; the message is dropped');
  }
}

/** Sends the writable items; a transport failure (cluster unreachable) is retried without counting. */
async function send(ctx: ProcessContext, pending: readonly Item[]): Promise<ItemOutcome[] | undefined> {
  const writable = pending.filter((i) => i.op);
  let outcomes: ItemOutcome[];
  try {
    outcomes = await ctx.sink.write(ctx.index, writable.map((i) => i.op!));
  } catch (err) {
    ctx.setError(`bulk request to the local cluster failed: ${(err as Error).message}`);
    return undefined;
  }
  let next = 0;
  return pending.map((i) => (i.invalid !== undefined ? { kind: 'invalid', error: i.invalid } : outcomes[next++]));
}

/** Applies one round of outcomes; returns the items to retry. */
async function settle(ctx: ProcessContext, pending: readonly Item[], outcomes: readonly ItemOutcome[]): Promise<Item[]> {
  const retry: Item[] = [];
  for (const [n, item] of pending.entries()) {
    const outcome = outcomes[n];
    if (outcome.kind === 'ok') ctx.stats.processed++;
    else if (outcome.kind === 'conflict') ctx.stats.versionConflicts++;
    else {
      ctx.stats.failed++;
      item.attempts++;
      const exhausted = outcome.kind === 'invalid' || item.attempts >= MAX_ATTEMPTS;
      if (exhausted && ctx.settings.errorStrategy === 'DROP') {
        ctx.stats.failuresDropped++;
        await dropToDeadLetter(ctx, item.record, 'processing', outcome.error);
      } else {
        ctx.setError(`message at ${messagePointer(item.record.pointer).display} failed: ${outcome.error}`);
        retry.push(item);
      }
    }
  }
  return retry;
}

/**
 * Writes one polled batch with OpenSearch's error strategies: DROP gives up on a message after its
 * retries, BLOCK retries it every `retryWaitMs` until it succeeds or the poller is paused and reset.
 */
export async function processBatch(ctx: ProcessContext, prepared: readonly PreparedRecord[]): Promise<BatchResult> {
  ctx.stats.polled += prepared.length;
  ctx.stats.lastPolledTimestamp = prepared[prepared.length - 1].record.timestamp;
  const { items, block } = await mapRecords(ctx, prepared);
  let pending = items;
  while (pending.length > 0) {
    if (ctx.aborted()) return { done: false, restartAt: pending[0].record };
    // BLOCK keeps order like OpenSearch's sequential processor: nothing after a known-bad message is written.
    const bad = ctx.settings.errorStrategy === 'BLOCK' ? pending.findIndex((i) => i.invalid !== undefined) : -1;
    const round = bad >= 0 ? pending.slice(0, bad + 1) : pending;
    const outcomes = await send(ctx, round);
    const retry = outcomes ? await settle(ctx, round, outcomes) : round;
    const before = pending[0];
    pending = [...retry, ...pending.slice(round.length)];
    if (pending.length > 0 && pending[0] !== before) await ctx.progress(pending[0].record);
    if (retry.length > 0) await ctx.wait(ctx.retryWaitMs);
  }
  ctx.setError(undefined);
  return { done: true, block };
}
