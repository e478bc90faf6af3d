import type { Clock } from '@ferry/core';
import { ccrErrors } from '../errors';
import type { ClusterAccess } from '../rest/cluster-access';
import type { Rest } from '../rest/rest';
import { seg } from '../rest/rest';
import type { Replication, ReplicationRepository, ShardCheckpoint } from '../store/replication.repo';
import type { BootstrapDetails, StatusResponse, SyncingDetails } from './replication.schemas';

/** `seq_no` per follower shard: its local checkpoint + 1, as the plugin reports it. */
export async function followerSeqNos(follower: Rest, index: string): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  try {
    const body = await follower.json({ method: 'GET', path: `/${seg(index)}/_stats`, query: { level: 'shards' } });
    const entry = body?.indices?.[index] ?? Object.values(body?.indices ?? {})[0];
    for (const [key, copies] of Object.entries<any[]>(entry?.shards ?? {})) {
      const primary = copies.find((c) => c?.routing?.primary !== false) ?? copies[0];
      out.set(Number(key), Number(primary?.seq_no?.local_checkpoint ?? -1) + 1);
    }
  } catch {
    // Status must answer even when the follower is briefly unreachable; seq_no falls back below.
  }
  return out;
}

/** Checkpoints summed over shards, as `syncing_details` shows them. */
export function syncing(shards: readonly ShardCheckpoint[], seqNos: Map<number, number>): SyncingDetails {
  return {
    leader_checkpoint: shards.reduce((n, s) => n + s.leaderCheckpoint, 0),
    follower_checkpoint: shards.reduce((n, s) => n + s.checkpoint, 0),
    seq_no: shards.reduce((n, s) => n + (seqNos.get(s.shard) ?? 0), 0),
  };
}

function bootstrap(shards: readonly ShardCheckpoint[], now: number): BootstrapDetails {
  const total = shards.reduce((n, s) => n + s.bootTotal, 0);
  const done = shards.reduce((n, s) => n + Math.min(s.bootDocs, s.bootTotal || s.bootDocs), 0);
  const bytesTotal = shards.reduce((n, s) => n + s.bootBytes, 0);
  const ratio = total > 0 ? done / total : shards.every((s) => s.phase === 'sync') ? 1 : 0;
  const started = Math.min(...shards.map((s) => s.bootStarted ?? now), now);
  return {
    bytes_total: bytesTotal,
    bytes_recovered: Math.round(bytesTotal * ratio),
    bytes_percent: round1(ratio * 100),
    files_total: total,
    files_recovered: done,
    files_percent: round1(ratio * 100),
    start_time: started,
    running_time: now - started,
  };
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

/** What a `_status` answer shows beyond the plugin's keys. */
export interface StatusView {
  /** `?verbose=true`: per-shard details, as the plugin does. */
  verbose: boolean;
  /** `?ferry=true`: Ferry's extras the plugin does not send (`bootstrap_details`). */
  ferry: boolean;
}

/**
 * The `_status` answer. Non-running replications show only five keys; running ones sum checkpoints
 * over shards (-1 per shard before the first op), add per-shard details when verbose and, with
 * `ferry`, bootstrap progress while bootstrapping. Bootstrap "files" are documents: a REST bootstrap
 * copies documents.
 */
export function buildStatus(opts: StatusView & {
  rep: Replication;
  shards: readonly ShardCheckpoint[];
  seqNos: Map<number, number>;
  now: number;
}): StatusResponse {
  const { rep, shards } = opts;
  const head = { reason: rep.reason, leader_alias: rep.leaderAlias, leader_index: rep.leaderIndex, follower_index: rep.followerIndex };
  if (rep.state !== 'RUNNING') return { status: rep.state, ...head };
  const booting = rep.phase !== 'syncing';
  const out: StatusResponse = { status: booting ? 'BOOTSTRAPPING' : 'SYNCING', ...head, syncing_details: syncing(shards, opts.seqNos) };
  if (booting && opts.ferry) out.bootstrap_details = bootstrap(shards, opts.now);
  if (opts.verbose) {
    out.shard_replication_details = shards.map((s) => ({
      shard_id: `[${rep.followerIndex}][${s.shard}]`,
      ...(s.phase === 'bootstrap'
        ? { bootstrap_task_details: bootstrap([s], opts.now) }
        : { syncing_task_details: syncing([s], opts.seqNos) }),
    }));
  }
  return out;
}

/** What reading a status needs. */
export interface StatusSources {
  repo: ReplicationRepository;
  clusters: ClusterAccess;
  clock: Clock;
}

/** The `_status` of one follower index, read from the store and the follower's shard stats. */
export async function readStatus(o: StatusSources, index: string, view: StatusView): Promise<StatusResponse> {
  const rep = await o.repo.get(index);
  if (!rep) return { status: 'REPLICATION NOT IN PROGRESS' };
  try {
    const shards = await o.repo.shards(index);
    const seqNos = rep.state === 'RUNNING' ? await followerSeqNos(await o.clusters.follower(rep.useRoles), index) : new Map<number, number>();
    return buildStatus({ rep, shards, seqNos, ...view, now: o.clock.now() });
  } catch (err) {
    throw ccrErrors.statusFailed(err);
  }
}
