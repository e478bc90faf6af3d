import type { Store, StoreExecutor, TransactionOptions } from '../store/store';
import type { Coordinator, Lease } from './coordinator';

/**
 * The store as a leased worker sees it: every write runs in a transaction that first fences the lease
 * ({@link Coordinator.fence}), so a former owner's commit is refused once its item moved on. Reads pass
 * through. With the local coordinator the store itself is returned: fences cost nothing there.
 */
export function fencedStore(store: Store, coordinator: Coordinator, lease: Pick<Lease, 'kind' | 'id' | 'epoch'>): Store {
  if (coordinator.kind === 'local') return store;
  const fenced = <T>(fn: (tx: StoreExecutor) => Promise<T>, options?: TransactionOptions) =>
    store.transaction(async (tx) => {
      await coordinator.fence(tx, lease);
      return fn(tx);
    }, options);
  return {
    dialect: store.dialect,
    all: (sql, params) => store.all(sql, params),
    get: (sql, params) => store.get(sql, params),
    run: (sql, params) => fenced((tx) => tx.run(sql, params)),
    transaction: fenced,
    migrate: () => Promise.reject(new Error('a leased worker does not migrate the store')),
    close: () => Promise.reject(new Error('a leased worker does not close the store')),
  };
}
