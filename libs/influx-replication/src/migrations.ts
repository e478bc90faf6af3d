import type { Migration } from '@ferry/core';

/** Tables of the influx plugin: orgs, buckets, remotes and replications (FKs enforced by the store). */
export const influxMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'orgs-buckets-remotes-replications',
    up: `
CREATE TABLE influx_orgs (
  id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, description TEXT,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE influx_buckets (
  id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES influx_orgs(id) ON DELETE CASCADE,
  name TEXT NOT NULL, description TEXT, retention_seconds INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL, UNIQUE (org_id, name));
CREATE TABLE influx_remotes (
  id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES influx_orgs(id),
  name TEXT NOT NULL, description TEXT, remote_url TEXT NOT NULL, remote_api_token TEXT NOT NULL,
  remote_org_id TEXT, allow_insecure_tls INTEGER NOT NULL DEFAULT 0, remote_type TEXT NOT NULL DEFAULT 'v2',
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL, UNIQUE (org_id, name));
CREATE TABLE influx_replications (
  id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES influx_orgs(id),
  name TEXT NOT NULL, description TEXT,
  remote_id TEXT NOT NULL REFERENCES influx_remotes(id),
  local_bucket_id TEXT NOT NULL REFERENCES influx_buckets(id) ON DELETE CASCADE,
  remote_bucket_id TEXT, remote_bucket_name TEXT NOT NULL DEFAULT '',
  max_queue_size_bytes INTEGER NOT NULL, max_age_seconds INTEGER NOT NULL,
  drop_non_retryable_data INTEGER NOT NULL DEFAULT 0, queue_full_policy TEXT NOT NULL DEFAULT 'reject',
  latest_response_code INTEGER, latest_error_message TEXT,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL, UNIQUE (org_id, name));
CREATE INDEX influx_replications_bucket ON influx_replications (local_bucket_id);
`,
  },
  {
    version: 2,
    name: 'replication-concurrent-requests',
    up: 'ALTER TABLE influx_replications ADD COLUMN concurrent_requests INTEGER NOT NULL DEFAULT 1;',
  },
  {
    // concurrent_requests 0 stands for 'auto'.
    version: 3,
    name: 'replication-compression',
    up: `ALTER TABLE influx_replications ADD COLUMN compression TEXT NOT NULL DEFAULT 'gzip';
ALTER TABLE influx_replications ADD COLUMN compression_level INTEGER NOT NULL DEFAULT 1;`,
  },
];
