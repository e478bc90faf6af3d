import type { IndexPhase, Replication, ShardCheckpoint } from '../store/replication.repo';
import { buildStatus } from './status';

const rep = (phase: IndexPhase): Replication => ({
  followerIndex: 'f',
  leaderAlias: 'leader',
  leaderIndex: 'l',
  state: 'RUNNING',
  phase,
  reason: 'User initiated',
  settings: {},
  numShards: 1,
  createdAt: 0,
  updatedAt: 0,
});

const shard: ShardCheckpoint = {
  followerIndex: 'f',
  shard: 0,
  phase: 'bootstrap',
  checkpoint: -1,
  leaderCheckpoint: 9,
  bootDocs: 4,
  bootTotal: 10,
  bootBytes: 1000,
  bootStarted: 100,
  reconcile: false,
};

describe('buildStatus', () => {
  it.each([
    ['bootstrapping', 'bootstrapping', false, false],
    ['bootstrapping, ?ferry=true', 'bootstrapping', true, true],
    ['syncing, ?ferry=true', 'syncing', true, false],
  ] as const)('%s: bootstrap_details shown = %s', (_name, phase, ferry, shown) => {
    const out = buildStatus({ rep: rep(phase), shards: [shard], seqNos: new Map(), verbose: false, ferry, now: 150 });
    expect('bootstrap_details' in out).toBe(shown);
    expect(out).toMatchObject({ leader_alias: 'leader', leader_index: 'l', follower_index: 'f', syncing_details: { leader_checkpoint: 9 } });
  });

  it('keeps only the keys the specification declares without ?ferry=true', () => {
    const out = buildStatus({ rep: rep('bootstrapping'), shards: [shard], seqNos: new Map(), verbose: false, ferry: false, now: 150 });
    expect(Object.keys(out).sort()).toEqual(['follower_index', 'leader_alias', 'leader_index', 'reason', 'status', 'syncing_details']);
  });

  it('reports bootstrap progress with ?ferry=true', () => {
    const out = buildStatus({ rep: rep('bootstrapping'), shards: [shard], seqNos: new Map(), verbose: false, ferry: true, now: 150 });
    expect(out.bootstrap_details).toMatchObject({ files_total: 10, files_recovered: 4, files_percent: 40, start_time: 100, running_time: 50 });
  });
});
