import { AsyncLocalStorage } from 'node:async_hooks';

/** The header the replicator sends on its own writes to a follower index. */
export const REPLICATION_WRITER_HEADER = 'x-ferry-replication-writer';

// Carried per request rather than through every write path (documents, _bulk, _update, by-query, reindex):
// the block check sits deep in the writer, and the flag must follow async task work started by the request.
const writer = new AsyncLocalStorage<boolean>();

/** Runs `fn` with the request's replication-writer flag in scope. */
export function withReplicationWriter<T>(replicationWriter: boolean, fn: () => T): T {
  return writer.run(replicationWriter, fn);
}

/** True while serving a request that carries `x-ferry-replication-writer: true`. */
export function isReplicationWriter(): boolean {
  return writer.getStore() === true;
}
