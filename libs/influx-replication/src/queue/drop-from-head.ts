import type { DurableQueue } from './durable-queue';
import type { QueueEntry } from './record';

/** What was removed unsent. */
export interface Dropped {
  points: number;
  bytes: number;
}

/**
 * Removes records from the head of the queue while `shouldDrop` says so (oldest first): used for
 * `maxAgeSeconds` (entries are in enqueue order, so expired ones are at the head) and drop-oldest.
 */
export async function dropFromHead(queue: DurableQueue, shouldDrop: (entry: QueueEntry, dropped: Dropped) => boolean): Promise<Dropped> {
  const dropped: Dropped = { points: 0, bytes: 0 };
  for (;;) {
    const entries = await queue.read(1024 * 1024);
    let last: QueueEntry | undefined;
    for (const e of entries) {
      if (!shouldDrop(e, dropped)) break;
      dropped.points += e.points;
      dropped.bytes += e.size;
      last = e;
    }
    if (!last) return dropped;
    await queue.advance(last.next);
    if (last !== entries[entries.length - 1]) return dropped;
  }
}
