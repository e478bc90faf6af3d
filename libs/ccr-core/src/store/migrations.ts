import type { Migration } from '@ferry/core';

/** ccr-core's tables: replications, their per-shard checkpoints, and autofollow rules. */
export const ccrMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'replications-shards-rules',
    up: `
      CREATE TABLE ccr_replications (
        follower_index TEXT PRIMARY KEY,
        leader_alias TEXT NOT NULL,
        leader_index TEXT NOT NULL,
        state TEXT NOT NULL,
        phase TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT 'User initiated',
        use_roles TEXT,
        settings TEXT NOT NULL DEFAULT '{}',
        num_shards INTEGER NOT NULL DEFAULT 0,
        rule TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE ccr_shards (
        follower_index TEXT NOT NULL,
        shard INTEGER NOT NULL,
        phase TEXT NOT NULL,
        checkpoint INTEGER NOT NULL DEFAULT -1,
        leader_checkpoint INTEGER NOT NULL DEFAULT -1,
        boot_gcp INTEGER,
        boot_after TEXT,
        boot_docs INTEGER NOT NULL DEFAULT 0,
        boot_total INTEGER NOT NULL DEFAULT 0,
        boot_bytes INTEGER NOT NULL DEFAULT 0,
        boot_started INTEGER,
        delete_total INTEGER,
        reconcile INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (follower_index, shard)
      );
      CREATE TABLE ccr_rules (
        leader_alias TEXT NOT NULL,
        name TEXT NOT NULL,
        pattern TEXT NOT NULL,
        exclusions TEXT NOT NULL DEFAULT '[]',
        follower_index_pattern TEXT,
        use_roles TEXT,
        settings TEXT NOT NULL DEFAULT '{}',
        created_at INTEGER NOT NULL,
        PRIMARY KEY (leader_alias, name)
      );
    `,
  },
  {
    version: 2,
    name: 'doc-shadow',
    // The leader _seq_no each follower document was last written from: lets deletes be found by
    // comparing per-_seq_no-range counts instead of listing whole shards.
    up: `
      CREATE TABLE ccr_docs (
        follower_index TEXT NOT NULL,
        shard INTEGER NOT NULL,
        id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        routing TEXT,
        PRIMARY KEY (follower_index, id)
      );
      CREATE INDEX ccr_docs_seq ON ccr_docs (follower_index, shard, seq);
    `,
  },
];
