import type { Store } from '@ferry/core';
import { STORE_ENGINES, storeFixture } from '../../../../tools/peers/store-engines';
import { DocShadowRepository } from './doc-shadow.repo';
import { ccrMigrations } from './migrations';
import { ReplicationRepository } from './replication.repo';
import { RuleRepository } from './rule.repo';

// ccr-core's SQL on every engine the gateway can run on.
describe.each(STORE_ENGINES)('ccr-core store on %s', (engine) => {
  const fixture = storeFixture(engine);
  let store: Store;
  beforeAll(async () => {
    store = await fixture.open();
    await store.migrate('ccr-core', ccrMigrations);
  });

  it('keeps replications and their shard checkpoints (ms timestamps, search_after, flags)', async () => {
    const repo = new ReplicationRepository(store);
    const now = 1_764_633_600_123;
    await repo.insert({ followerIndex: 'f1', leaderAlias: 'lead', leaderIndex: 'l1', state: 'RUNNING', phase: 'creating', reason: 'User initiated', settings: { 'index.number_of_replicas': 0 }, numShards: 0 }, now);
    await repo.initShards('f1', 3);
    await repo.initShards('f1', 3); // idempotent, as after a restart
    await repo.updateShard('f1', 1, { phase: 'sync', checkpoint: 2 ** 40, bootAfter: [now, 'id-9'], reconcile: true, bootStarted: now });
    expect(await repo.get('f1')).toMatchObject({ state: 'RUNNING', phase: 'bootstrapping', numShards: 3, createdAt: now, updatedAt: now, settings: { 'index.number_of_replicas': 0 } });
    const shards = await repo.shards('f1');
    expect(shards.map((s) => [s.shard, s.phase, s.checkpoint, s.reconcile])).toEqual([
      [0, 'bootstrap', -1, false],
      [1, 'sync', 2 ** 40, true],
      [2, 'bootstrap', -1, false],
    ]);
    expect(shards[1]).toMatchObject({ bootAfter: [now, 'id-9'], bootStarted: now });
    await repo.setState('f1', 'PAUSED', 'paused by user', now + 1);
    expect((await repo.list()).map((r) => [r.followerIndex, r.state, r.reason, r.updatedAt])).toEqual([['f1', 'PAUSED', 'paused by user', now + 1]]);
    await repo.resetShards('f1');
    expect(await repo.shards('f1')).toEqual([]);
    await repo.remove('f1');
    expect(await repo.get('f1')).toBeUndefined();
  });

  it('creates, replaces and removes autofollow rules', async () => {
    const rules = new RuleRepository(store);
    const rule = { leaderAlias: 'lead', name: 'logs', pattern: 'logs-*', exclusions: ['logs-x'], settings: {}, createdAt: 5 };
    await rules.upsert(rule);
    await rules.upsert({ ...rule, pattern: 'logs-2*', followerIndexPattern: '{{leader_index}}-copy' });
    expect(await rules.list()).toEqual([{ ...rule, pattern: 'logs-2*', followerIndexPattern: '{{leader_index}}-copy', useRoles: undefined }]);
    expect(await rules.remove('lead', 'logs')).toBe(true);
    expect(await rules.remove('lead', 'logs')).toBe(false);
  });

  it('upserts a bulk of shadow documents in batched statements, the last entry of an id winning', async () => {
    const shadow = new DocShadowRepository(store);
    const docs = Array.from({ length: 2500 }, (_, i) => ({ id: `d${i}`, seq: i, routing: i % 2 ? 'r' : undefined }));
    // d0 appears again later in the same bulk with a higher seq, as a second write of the document.
    await shadow.upsert('f2', 0, [...docs, { id: 'd0', seq: 3000 }]);
    expect(await shadow.count('f2', 0, -1, 10_000)).toBe(2500);
    expect(await shadow.maxSeq('f2', 0)).toBe(3000);
    expect(await shadow.list('f2', 0, 0, 3)).toEqual([
      { id: 'd1', seq: 1, routing: 'r' },
      { id: 'd2', seq: 2, routing: undefined },
      { id: 'd3', seq: 3, routing: 'r' },
    ]);
    // A later bulk moves documents to new seqs.
    await shadow.upsert('f2', 0, [{ id: 'd1', seq: 4000 }]);
    expect(await shadow.list('f2', 0, 3500, 5000)).toEqual([{ id: 'd1', seq: 4000, routing: undefined }]);
    await shadow.remove('f2', docs.slice(0, 1200).map((d) => d.id));
    expect(await shadow.count('f2', 0, -1, 10_000)).toBe(1300);
    expect(await shadow.maxSeq('f2', 1)).toBe(-1);
    await shadow.clear('f2');
    expect(await shadow.count('f2', 0, -1, 10_000)).toBe(0);
  });
});
