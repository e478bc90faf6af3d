import { describe, expect, it } from 'vitest';
import { bulkRequests, canPause, canResume, createAutofollow, deleteAutofollow, ingestionAction, replicationAction, saveRemote, saveReplication, startReplication } from './actions';
import { BOARD, flow } from './fixtures';

describe('CCR requests', () => {
  it.each(['pause', 'resume', 'stop'] as const)('%s posts to the follower', (verb) => {
    expect(replicationAction('logs 1', verb)).toEqual({ method: 'POST', path: `/_plugins/_replication/logs%201/_${verb}`, body: {} });
  });

  it('start sends the leader, and use_roles only when given', () => {
    expect(startReplication({ leaderAlias: 'leader', leaderIndex: 'orders', followerIndex: 'orders-copy' })).toEqual({
      method: 'PUT', path: '/_plugins/_replication/orders-copy/_start', body: { leader_alias: 'leader', leader_index: 'orders' },
    });
    expect(startReplication({ leaderAlias: 'l', leaderIndex: 'a', followerIndex: 'b', leaderRole: ' r1 ', followerRole: 'r2' }).body).toEqual({
      leader_alias: 'l', leader_index: 'a', use_roles: { leader_cluster_role: 'r1', follower_cluster_role: 'r2' },
    });
  });

  it('creates and deletes auto-follow rules', () => {
    expect(createAutofollow({ leaderAlias: 'leader', name: 'logs', pattern: 'logs-*' })).toEqual({ method: 'POST', path: '/_plugins/_replication/_autofollow', body: { leader_alias: 'leader', name: 'logs', pattern: 'logs-*' } });
    expect(deleteAutofollow({ leaderAlias: 'leader', name: 'logs' })).toEqual({ method: 'DELETE', path: '/_plugins/_replication/_autofollow', body: { leader_alias: 'leader', name: 'logs' } });
  });
});

describe('ingestion requests', () => {
  it('pauses without a body and resumes with the chosen resets', () => {
    expect(ingestionAction('clicks', 'pause')).toEqual({ method: 'POST', path: '/clicks/ingestion/_pause' });
    expect(ingestionAction('clicks', 'resume')).toEqual({ method: 'POST', path: '/clicks/ingestion/_resume' });
    expect(ingestionAction('clicks', 'resume', [{ shard: 1, mode: 'offset', value: '42' }]).body).toEqual({ reset_settings: [{ shard: 1, mode: 'offset', value: '42' }] });
    // A pause never carries resets.
    expect(ingestionAction('clicks', 'pause', [{ shard: 1, mode: 'offset', value: '42' }]).body).toBeUndefined();
  });
});

describe('what a flow can do', () => {
  it.each([
    ['lagging follower', BOARD[0], true, false],
    ['paused follower', BOARD[1], false, true],
    ['failed follower', flow({ id: 'f', kind: 'ccr-follower', name: 'f', state: 'failed', status: 'FAILED' }), false, false],
    ['stopped follower', flow({ id: 's', kind: 'ccr-follower', name: 's', state: 'stopped', status: 'STOPPED' }), false, false],
    ['rule', BOARD[2], false, false],
    ['influx', BOARD[3], false, false],
    ['polling shard', BOARD[4], true, false],
    ['paused shard', flow({ id: 'p', kind: 'ingestion-shard', name: 'p[0]', details: { index: 'p', paused: true } }), false, true],
  ])('%s: pause %s, resume %s', (_n, f, pause, resume) => {
    expect(canPause(f)).toBe(pause);
    expect(canResume(f)).toBe(resume);
  });

  it('bulk pause: one request per follower and one per ingestion index, others left out', () => {
    expect(bulkRequests(BOARD, 'pause')).toEqual([replicationAction('orders-copy', 'pause'), ingestionAction('clicks', 'pause')]);
    expect(bulkRequests(BOARD, 'resume')).toEqual([replicationAction('invoices-copy', 'resume')]);
    expect(bulkRequests([], 'pause')).toEqual([]);
  });
});

describe('Influx requests', () => {
  const remote = { orgID: 'o1', name: 'r', remoteURL: 'http://x:8086', remoteAPIToken: 'tok', allowInsecureTLS: false, remoteType: 'v1' as const };

  it('creates a remote with org, type and token', () => {
    expect(saveRemote(remote)).toEqual({ method: 'POST', path: '/api/v2/remotes', body: { name: 'r', remoteURL: 'http://x:8086', allowInsecureTLS: false, remoteAPIToken: 'tok', orgID: 'o1', remoteType: 'v1' } });
  });

  it('edits a remote without sending an empty token (the stored one stays)', () => {
    expect(saveRemote({ ...remote, remoteAPIToken: '' }, 'id 1')).toEqual({ method: 'PATCH', path: '/api/v2/remotes/id%201', body: { name: 'r', remoteURL: 'http://x:8086', allowInsecureTLS: false } });
  });

  it('creates and edits replications', () => {
    const input = { orgID: 'o1', name: 'n', remoteID: 'r1', localBucketID: 'b1', remoteBucketName: 'db', maxQueueSizeBytes: 67108860 };
    expect(saveReplication(input)).toEqual({ method: 'POST', path: '/api/v2/replications', body: { ...input, maxAgeSeconds: 0 } });
    expect(saveReplication(input, 'x')).toEqual({ method: 'PATCH', path: '/api/v2/replications/x', body: { name: 'n', remoteID: 'r1', remoteBucketName: 'db', maxQueueSizeBytes: 67108860 } });
  });
});
