import { Registry } from 'prom-client';
import { createLogger } from '../logging/logger';
import { openSqliteStore } from '../store/sqlite-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fencedStore } from './fenced-store';
import { LocalCoordinator } from './local-coordinator';

const logger = createLogger({ level: 'silent' });

describe('LocalCoordinator', () => {
  it('runs a wanted item at once, at epoch 1, and stops it on withdraw, release and stop', async () => {
    const coordinator = new LocalCoordinator({ logger, metrics: new Registry() });
    const log: string[] = [];
    coordinator.register('job', async (lease) => {
      log.push(`start ${lease.id}@${lease.epoch}`);
      await new Promise((r) => lease.signal.addEventListener('abort', r, { once: true }));
      log.push(`stop ${lease.id}`);
    });
    const lost: string[] = [];
    coordinator.onLost((lease, reason) => lost.push(`${lease.id}:${reason}`));
    void coordinator.want({ kind: 'job', id: 'a' });
    // The runner starts in the same turn: callers may rely on it running right after `want`.
    expect(log).toEqual(['start a@1']);
    await coordinator.want({ kind: 'job', id: 'a' });
    await coordinator.want({ kind: 'job', id: 'b' });
    expect(coordinator.epoch({ kind: 'job', id: 'b' })).toBe(1);
    await coordinator.withdraw({ kind: 'job', id: 'a' });
    expect(log).toEqual(['start a@1', 'start b@1', 'stop a']);
    expect(coordinator.lease({ kind: 'job', id: 'a' })).toBeUndefined();
    await coordinator.want({ kind: 'job', id: 'c' });
    await coordinator.release({ kind: 'job', id: 'c' });
    expect((await coordinator.view()).leases.map((l) => l.id)).toEqual(['b']);
    await coordinator.stop();
    expect(lost).toEqual(['a:withdrawn', 'c:released', 'b:stopped']);
    await expect(coordinator.fence()).resolves.toBeUndefined();
  });

  it('refuses a second runner for one kind', () => {
    const coordinator = new LocalCoordinator({ logger });
    coordinator.register('job', async () => undefined);
    expect(() => coordinator.register('job', async () => undefined)).toThrow(/kind 'job' is registered already/);
  });

  it('gives leased workers the store itself (no fence on one node)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferry-local-coord-'));
    const store = openSqliteStore({ path: join(dir, 'ferry.db') });
    try {
      expect(fencedStore(store, new LocalCoordinator({ logger }), { kind: 'job', id: 'a', epoch: 1 })).toBe(store);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('publishes topics in process', async () => {
    const coordinator = new LocalCoordinator({ logger });
    let seen = 0;
    coordinator.subscribe('t', () => seen++);
    await coordinator.publish('t');
    await new Promise((r) => setImmediate(r));
    expect(seen).toBe(1);
  });
});
