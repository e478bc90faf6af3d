import type { Store, StoreExecutor } from '@ferry/core';
import type { UseRoles } from '../replication/replication.schemas';

/** Overall state the user sees, as the plugin's `ReplicationOverallState`. */
export type OverallState = 'RUNNING' | 'PAUSED' | 'FAILED' | 'STOPPED';
/** Where a running replication is: follower being created, shards bootstrapping, or all syncing. */
export type IndexPhase = 'creating' | 'bootstrapping' | 'syncing';
/** Where one shard task is. */
export type ShardPhase = 'bootstrap' | 'sync';

/** A replication as persisted. */
export interface Replication {
  followerIndex: string;
  leaderAlias: string;
  leaderIndex: string;
  state: OverallState;
  phase: IndexPhase;
  reason: string;
  useRoles?: UseRoles;
  /** Settings overriding the leader's, flat keys (`index.number_of_replicas`). */
  settings: Record<string, unknown>;
  numShards: number;
  /** Autofollow rule that started it, as `alias:name`. */
  rule?: string;
  createdAt: number;
  updatedAt: number;
}

/** One shard's persisted progress; checkpoints are leader `_seq_no`s, -1 before the first op. */
export interface ShardCheckpoint {
  followerIndex: string;
  shard: number;
  phase: ShardPhase;
  /** Every leader op up to this seq_no is applied on the follower. */
  checkpoint: number;
  /** The leader shard's global checkpoint when last read. */
  leaderCheckpoint: number;
  /** Leader global checkpoint noted before the bootstrap scan; sync starts after it. */
  bootGcp?: number;
  /** `search_after` of the last bootstrap batch applied. */
  bootAfter?: unknown[];
  bootDocs: number;
  bootTotal: number;
  bootBytes: number;
  bootStarted?: number;
  /** Leader `indexing.delete_total` when last reconciled. */
  deleteTotal?: number;
  /** A delete reconciliation is owed (after a bootstrap, a restart or a moved delete counter). */
  reconcile: boolean;
}

type Row = Record<string, any>;

function toReplication(r: Row): Replication {
  return {
    followerIndex: r.follower_index,
    leaderAlias: r.leader_alias,
    leaderIndex: r.leader_index,
    state: r.state,
    phase: r.phase,
    reason: r.reason,
    useRoles: r.use_roles ? JSON.parse(r.use_roles) : undefined,
    settings: JSON.parse(r.settings),
    numShards: r.num_shards,
    rule: r.rule ?? undefined,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toShard(r: Row): ShardCheckpoint {
  return {
    followerIndex: r.follower_index,
    shard: r.shard,
    phase: r.phase,
    checkpoint: r.checkpoint,
    leaderCheckpoint: r.leader_checkpoint,
    bootGcp: r.boot_gcp ?? undefined,
    bootAfter: r.boot_after ? JSON.parse(r.boot_after) : undefined,
    bootDocs: r.boot_docs,
    bootTotal: r.boot_total,
    bootBytes: r.boot_bytes,
    bootStarted: r.boot_started ?? undefined,
    deleteTotal: r.delete_total ?? undefined,
    reconcile: r.reconcile === 1,
  };
}

const SHARD_COLUMNS: Record<keyof Omit<ShardCheckpoint, 'followerIndex' | 'shard'>, string> = {
  phase: 'phase',
  checkpoint: 'checkpoint',
  leaderCheckpoint: 'leader_checkpoint',
  bootGcp: 'boot_gcp',
  bootAfter: 'boot_after',
  bootDocs: 'boot_docs',
  bootTotal: 'boot_total',
  bootBytes: 'boot_bytes',
  bootStarted: 'boot_started',
  deleteTotal: 'delete_total',
  reconcile: 'reconcile',
};

/** Replications and their shard checkpoints in the metadata store. */
export class ReplicationRepository {
  constructor(private readonly store: Store) {}

  async get(followerIndex: string): Promise<Replication | undefined> {
    const row = await this.store.get<Row>('SELECT * FROM ccr_replications WHERE follower_index = ?', [followerIndex]);
    return row ? toReplication(row) : undefined;
  }

  async list(): Promise<Replication[]> {
    return (await this.store.all<Row>('SELECT * FROM ccr_replications ORDER BY follower_index')).map(toReplication);
  }

  async insert(r: Omit<Replication, 'createdAt' | 'updatedAt'>, now: number): Promise<void> {
    await this.store.run(
      `INSERT INTO ccr_replications (follower_index, leader_alias, leader_index, state, phase, reason, use_roles, settings, num_shards, rule, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [r.followerIndex, r.leaderAlias, r.leaderIndex, r.state, r.phase, r.reason, r.useRoles ? JSON.stringify(r.useRoles) : null,
        JSON.stringify(r.settings), r.numShards, r.rule ?? null, now, now],
    );
  }

  async setState(followerIndex: string, state: OverallState, reason: string, now: number): Promise<void> {
    await this.store.run('UPDATE ccr_replications SET state = ?, reason = ?, updated_at = ? WHERE follower_index = ?', [state, reason, now, followerIndex]);
  }

  async setPhase(followerIndex: string, phase: IndexPhase, numShards?: number): Promise<void> {
    if (numShards === undefined) await this.store.run('UPDATE ccr_replications SET phase = ? WHERE follower_index = ?', [phase, followerIndex]);
    else await this.store.run('UPDATE ccr_replications SET phase = ?, num_shards = ? WHERE follower_index = ?', [phase, numShards, followerIndex]);
  }

  async setSettings(followerIndex: string, settings: Record<string, unknown>, now: number): Promise<void> {
    await this.store.run('UPDATE ccr_replications SET settings = ?, updated_at = ? WHERE follower_index = ?', [JSON.stringify(settings), now, followerIndex]);
  }

  /** Forgets a replication and its checkpoints (stop). */
  async remove(followerIndex: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      await tx.run('DELETE FROM ccr_shards WHERE follower_index = ?', [followerIndex]);
      await tx.run('DELETE FROM ccr_replications WHERE follower_index = ?', [followerIndex]);
    });
  }

  async shards(followerIndex: string): Promise<ShardCheckpoint[]> {
    const rows = await this.store.all<Row>('SELECT * FROM ccr_shards WHERE follower_index = ? ORDER BY shard', [followerIndex]);
    return rows.map(toShard);
  }

  async allShards(): Promise<ShardCheckpoint[]> {
    return (await this.store.all<Row>('SELECT * FROM ccr_shards ORDER BY follower_index, shard')).map(toShard);
  }

  /** Creates the shard rows (idempotent) and marks the index as bootstrapping, in one transaction. */
  async initShards(followerIndex: string, numShards: number): Promise<void> {
    await this.store.transaction(async (tx: StoreExecutor) => {
      const shards = Array.from({ length: numShards }, (_, shard) => shard);
      if (shards.length > 0) {
        await tx.run(
          `INSERT INTO ccr_shards (follower_index, shard, phase) VALUES ${shards.map(() => "(?, ?, 'bootstrap')").join(', ')}
           ON CONFLICT (follower_index, shard) DO NOTHING`,
          shards.flatMap((shard) => [followerIndex, shard]),
        );
      }
      await tx.run(`UPDATE ccr_replications SET phase = 'bootstrapping', num_shards = ? WHERE follower_index = ?`, [numShards, followerIndex]);
    });
  }

  /** Persists some fields of a shard's progress. */
  async updateShard(followerIndex: string, shard: number, patch: Partial<Omit<ShardCheckpoint, 'followerIndex' | 'shard'>>): Promise<void> {
    const sets: string[] = [];
    const params: unknown[] = [];
    for (const [key, value] of Object.entries(patch)) {
      const column = SHARD_COLUMNS[key as keyof typeof SHARD_COLUMNS];
      if (!column) continue;
      sets.push(`${column} = ?`);
      params.push(encode(key, value));
    }
    if (sets.length === 0) return;
    await this.store.run(`UPDATE ccr_shards SET ${sets.join(', ')} WHERE follower_index = ? AND shard = ?`, [...params, followerIndex, shard]);
  }

  /** Resets every shard to bootstrap from scratch (force_resume). */
  async resetShards(followerIndex: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      await tx.run('DELETE FROM ccr_shards WHERE follower_index = ?', [followerIndex]);
      await tx.run(`UPDATE ccr_replications SET phase = 'creating' WHERE follower_index = ?`, [followerIndex]);
    });
  }
}

function encode(key: string, value: unknown): unknown {
  if (value === undefined) return null;
  if (key === 'bootAfter') return JSON.stringify(value);
  if (key === 'reconcile') return value ? 1 : 0;
  return value;
}
