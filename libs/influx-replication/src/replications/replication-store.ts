import type { Store } from '@ferry/core';
import type { ReplicationRecord } from './replications.schemas';

interface Row {
  id: string;
  org_id: string;
  name: string;
  description: string | null;
  remote_id: string;
  local_bucket_id: string;
  remote_bucket_id: string | null;
  remote_bucket_name: string;
  max_queue_size_bytes: number;
  max_age_seconds: number;
  drop_non_retryable_data: number;
  queue_full_policy: ReplicationRecord['queueFullPolicy'];
  concurrent_requests: number;
  latest_response_code: number | null;
  latest_error_message: string | null;
}

const toRecord = (r: Row): ReplicationRecord => ({
  id: r.id,
  orgID: r.org_id,
  name: r.name,
  description: r.description,
  remoteID: r.remote_id,
  localBucketID: r.local_bucket_id,
  remoteBucketID: r.remote_bucket_id,
  remoteBucketName: r.remote_bucket_name,
  maxQueueSizeBytes: r.max_queue_size_bytes,
  maxAgeSeconds: r.max_age_seconds,
  dropNonRetryableData: r.drop_non_retryable_data === 1,
  queueFullPolicy: r.queue_full_policy,
  concurrentRequests: r.concurrent_requests,
  latestResponseCode: r.latest_response_code,
  latestErrorMessage: r.latest_error_message,
});

/** SQL access to `influx_replications`. */
export class ReplicationStore {
  constructor(private readonly store: Store) {}

  async all(): Promise<ReplicationRecord[]> {
    return (await this.store.all<Row>('SELECT * FROM influx_replications ORDER BY created_at, id')).map(toRecord);
  }

  async list(f: { orgID: string; name?: string; remoteID?: string; localBucketID?: string }): Promise<ReplicationRecord[]> {
    const rows = await this.store.all<Row>(
      `SELECT * FROM influx_replications WHERE org_id = ? AND (CAST(? AS TEXT) IS NULL OR name = ?) AND (CAST(? AS TEXT) IS NULL OR remote_id = ?)
       AND (CAST(? AS TEXT) IS NULL OR local_bucket_id = ?) ORDER BY created_at, id`,
      [f.orgID, f.name ?? null, f.name ?? null, f.remoteID ?? null, f.remoteID ?? null, f.localBucketID ?? null, f.localBucketID ?? null],
    );
    return rows.map(toRecord);
  }

  async get(id: string): Promise<ReplicationRecord | undefined> {
    const row = await this.store.get<Row>('SELECT * FROM influx_replications WHERE id = ?', [id]);
    return row && toRecord(row);
  }

  async nameTaken(orgID: string, name: string, except?: string): Promise<boolean> {
    const row = await this.store.get<{ id: string }>('SELECT id FROM influx_replications WHERE org_id = ? AND name = ?', [orgID, name]);
    return !!row && row.id !== except;
  }

  async insert(r: ReplicationRecord): Promise<void> {
    const now = new Date().toISOString();
    await this.store.run(
      `INSERT INTO influx_replications (id, org_id, name, description, remote_id, local_bucket_id, remote_bucket_id, remote_bucket_name,
       max_queue_size_bytes, max_age_seconds, drop_non_retryable_data, queue_full_policy, concurrent_requests, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [r.id, r.orgID, r.name, r.description, r.remoteID, r.localBucketID, r.remoteBucketID, r.remoteBucketName, r.maxQueueSizeBytes,
        r.maxAgeSeconds, r.dropNonRetryableData, r.queueFullPolicy, r.concurrentRequests, now, now],
    );
  }

  async update(r: ReplicationRecord): Promise<void> {
    await this.store.run(
      `UPDATE influx_replications SET name = ?, description = ?, remote_id = ?, remote_bucket_id = ?, remote_bucket_name = ?,
       max_queue_size_bytes = ?, max_age_seconds = ?, drop_non_retryable_data = ?, queue_full_policy = ?, concurrent_requests = ?,
       updated_at = ? WHERE id = ?`,
      [r.name, r.description, r.remoteID, r.remoteBucketID, r.remoteBucketName, r.maxQueueSizeBytes, r.maxAgeSeconds,
        r.dropNonRetryableData, r.queueFullPolicy, r.concurrentRequests, new Date().toISOString(), r.id],
    );
  }

  async setStatus(id: string, code: number, message: string): Promise<void> {
    await this.store.run('UPDATE influx_replications SET latest_response_code = ?, latest_error_message = ? WHERE id = ?', [code, message, id]);
  }

  async delete(id: string): Promise<void> {
    await this.store.run('DELETE FROM influx_replications WHERE id = ?', [id]);
  }

  async idsForBucket(bucketID: string): Promise<string[]> {
    return (await this.store.all<{ id: string }>('SELECT id FROM influx_replications WHERE local_bucket_id = ?', [bucketID])).map((r) => r.id);
  }
}
