import type { KeyedLock } from '@ferry/core';
import type { BucketService } from '../buckets/buckets.service';
import type { RemoteService } from '../remotes/remotes.service';
import type { RemoteTarget } from '../remotes/remotes.schemas';
import { conflict, invalid, notFound, unprocessable } from '../shared/errors';
import { newId } from '../shared/ids';
import { lockKeys } from '../shared/lock-keys';
import type { RemoteWriter } from '../sender/remote-writer';
import type { ReplicationEngine } from './replication-engine';
import type { ReplicationStore } from './replication-store';
import {
  MAX_MAX_AGE_SECONDS,
  MIN_MAX_QUEUE_SIZE_BYTES,
  type CreateReplicationInput,
  type Replication,
  type ReplicationRecord,
  type UpdateReplicationInput,
} from './replications.schemas';

/** Options of {@link ReplicationService}. */
export interface ReplicationServiceOptions {
  rows: ReplicationStore;
  engine: ReplicationEngine;
  buckets: BucketService;
  remotes: RemoteService;
  writer: RemoteWriter;
  /** Lowest accepted non-zero maxAgeSeconds (60 as in InfluxDB 2.9). */
  minMaxAgeSeconds: number;
  /** Serializes changes per replication (`replication:<id>`) and per remote (`remote:<id>`), shared with the remotes. */
  lock: KeyedLock;
}

/**
 * Replications (`/api/v2/replications`): InfluxDB's checks, errors and validation writes. Create, update
 * and delete hold the replication's lock, and the lock of the remote they check, for the whole change:
 * a delete waits for a create still opening its queue, and a remote cannot go while a replication takes it.
 */
export class ReplicationService {
  constructor(private readonly o: ReplicationServiceOptions) {}

  private checkLimits(input: { maxQueueSizeBytes?: number; maxAgeSeconds?: number }): void {
    if (input.maxQueueSizeBytes !== undefined && input.maxQueueSizeBytes < MIN_MAX_QUEUE_SIZE_BYTES) {
      throw invalid(`maxQueueSize too small, must be at least ${MIN_MAX_QUEUE_SIZE_BYTES}`);
    }
    const age = input.maxAgeSeconds;
    if (age !== undefined && age !== 0 && (age < this.o.minMaxAgeSeconds || age > MAX_MAX_AGE_SECONDS)) {
      throw invalid(`maxAgeSeconds must be 0 (use default) or between ${this.o.minMaxAgeSeconds} and ${MAX_MAX_AGE_SECONDS}`);
    }
  }

  private async remoteFor(id: string): Promise<RemoteTarget> {
    const remote = await this.o.remotes.target(id);
    if (!remote) throw invalid(`remote "${id}" not found: FOREIGN KEY constraint failed`);
    return remote;
  }

  /** A v1 remote addresses databases by name (`db` or `db/rp`); an ID means nothing to it. */
  private checkBucketForRemote(remote: RemoteTarget, r: Pick<ReplicationRecord, 'remoteBucketID' | 'remoteBucketName'>): void {
    if (!r.remoteBucketID && !r.remoteBucketName) throw unprocessable('one of remote_bucket_id, remote_bucket_name should be provided');
    if (remote.remoteType === 'v1' && !r.remoteBucketName) {
      throw unprocessable('the remote is InfluxDB 1.x (remoteType "v1"): give remoteBucketName as "database" or "database/retention-policy"');
    }
  }

  /** The validation write: an empty POST that must answer 204. Returns the cause of a failure. */
  private async probe(record: ReplicationRecord, remote: RemoteTarget): Promise<string | undefined> {
    const outcome = await this.o.writer.write({ remote, remoteBucketID: record.remoteBucketID, remoteBucketName: record.remoteBucketName }, Buffer.alloc(0));
    return outcome.status === 204 ? undefined : outcome.message;
  }

  async create(input: CreateReplicationInput, options: { validate: boolean }): Promise<Replication | undefined> {
    const id = newId();
    return this.o.lock.run(lockKeys.replication(id), () => this.o.lock.run(lockKeys.remote(input.remoteID), () => this.createLocked(id, input, options)));
  }

  private async createLocked(id: string, input: CreateReplicationInput, options: { validate: boolean }): Promise<Replication | undefined> {
    this.checkLimits(input);
    if (!input.remoteBucketID && !input.remoteBucketName) throw unprocessable('one of remote_bucket_id, remote_bucket_name should be provided');
    const bucket = await this.o.buckets.find(input.localBucketID);
    if (!bucket || bucket.orgID !== input.orgID) throw invalid(`local bucket "${input.localBucketID}" not found: bucket not found`);
    const remote = await this.remoteFor(input.remoteID);
    const record: ReplicationRecord = {
      id,
      orgID: input.orgID,
      name: input.name,
      description: input.description ?? null,
      remoteID: input.remoteID,
      localBucketID: input.localBucketID,
      remoteBucketID: input.remoteBucketID ?? null,
      remoteBucketName: input.remoteBucketID ? '' : (input.remoteBucketName ?? ''),
      maxQueueSizeBytes: input.maxQueueSizeBytes,
      maxAgeSeconds: input.maxAgeSeconds,
      dropNonRetryableData: input.dropNonRetryableData,
      queueFullPolicy: input.queueFullPolicy,
      concurrentRequests: input.concurrentRequests,
      compression: input.compression,
      compressionLevel: input.compressionLevel,
      latestResponseCode: null,
      latestErrorMessage: null,
    };
    this.checkBucketForRemote(remote, record);
    if (options.validate) {
      const cause = await this.probe(record, remote);
      if (cause) throw invalid(`replication parameters fail validation: ${cause}`);
      return undefined;
    }
    if (await this.o.rows.nameTaken(input.orgID, input.name)) throw conflict(`replication with name "${input.name}" already exists in organization ${input.orgID}`);
    await this.o.rows.insert(record);
    await this.o.engine.add(record);
    return this.get(record.id);
  }

  private async record(id: string): Promise<ReplicationRecord> {
    const live = this.o.engine.live(id);
    if (live) return live.record;
    const row = await this.o.rows.get(id);
    if (!row) throw notFound('replication not found');
    return row;
  }

  async get(id: string): Promise<Replication> {
    return this.view(await this.record(id));
  }

  async list(filter: { orgID: string; name?: string; remoteID?: string; localBucketID?: string }): Promise<Replication[]> {
    return (await this.o.rows.list(filter)).map((r) => this.view(this.o.engine.live(r.id)?.record ?? r));
  }

  /** Every replication of every org, with its live queue figures (the flows board). */
  async listAll(): Promise<Replication[]> {
    return (await this.o.rows.all()).map((r) => this.view(this.o.engine.live(r.id)?.record ?? r));
  }

  async update(id: string, input: UpdateReplicationInput, options: { validate: boolean }): Promise<Replication | undefined> {
    return this.o.lock.run(lockKeys.replication(id), async () => {
      const remoteID = input.remoteID ?? (await this.record(id)).remoteID;
      return this.o.lock.run(lockKeys.remote(remoteID), () => this.updateLocked(id, input, options));
    });
  }

  private async updateLocked(id: string, input: UpdateReplicationInput, options: { validate: boolean }): Promise<Replication | undefined> {
    const current = await this.record(id);
    this.checkLimits(input);
    const next: ReplicationRecord = { ...current };
    for (const key of ['name', 'remoteID', 'maxQueueSizeBytes', 'dropNonRetryableData', 'maxAgeSeconds', 'queueFullPolicy', 'concurrentRequests', 'compression', 'compressionLevel'] as const) {
      if (input[key] !== undefined) (next as unknown as Record<string, unknown>)[key] = input[key];
    }
    if (input.description !== undefined) next.description = input.description;
    // Setting one way of naming the remote bucket clears the other, so the newest choice wins (InfluxDB keeps the name).
    if (input.remoteBucketID !== undefined) [next.remoteBucketID, next.remoteBucketName] = [input.remoteBucketID, input.remoteBucketName ?? ''];
    else if (input.remoteBucketName !== undefined) [next.remoteBucketID, next.remoteBucketName] = [null, input.remoteBucketName];
    const remote = await this.remoteFor(next.remoteID);
    this.checkBucketForRemote(remote, next);
    if (options.validate) {
      const cause = await this.probe(next, remote);
      if (cause) throw invalid(`validation fails after applying update: ${cause}`);
      return undefined;
    }
    if (input.name !== undefined && (await this.o.rows.nameTaken(current.orgID, input.name, id))) {
      throw conflict(`replication with name "${input.name}" already exists in organization ${current.orgID}`);
    }
    await this.o.rows.update(next);
    this.o.engine.update(next);
    return this.get(id);
  }

  async validate(id: string): Promise<void> {
    const record = await this.record(id);
    const remote = await this.o.remotes.target(record.remoteID);
    const cause = remote ? await this.probe(record, remote) : `remote "${record.remoteID}" not found`;
    if (cause) throw invalid(`replication failed validation: ${cause}`);
  }

  async delete(id: string): Promise<void> {
    await this.o.lock.run(lockKeys.replication(id), async () => {
      await this.record(id);
      await this.o.rows.delete(id);
      await this.o.engine.remove(id);
    });
  }

  /** Removes the replications of a bucket about to be deleted (queues included). */
  async deleteForBucket(bucketID: string): Promise<void> {
    for (const id of await this.o.rows.idsForBucket(bucketID)) await this.delete(id);
  }

  private view(r: ReplicationRecord): Replication {
    const { currentQueueSizeBytes, remainingBytesToBeSynced, ...tuning } = this.o.engine.live(r.id)?.stats ?? { currentQueueSizeBytes: 0, remainingBytesToBeSynced: 0 };
    return {
      id: r.id,
      orgID: r.orgID,
      name: r.name,
      ...(r.description ? { description: r.description } : {}),
      remoteID: r.remoteID,
      localBucketID: r.localBucketID,
      remoteBucketID: r.remoteBucketID,
      RemoteBucketName: r.remoteBucketName,
      remoteBucketName: r.remoteBucketName,
      maxQueueSizeBytes: r.maxQueueSizeBytes,
      currentQueueSizeBytes,
      remainingBytesToBeSynced,
      ...(r.latestResponseCode !== null ? { latestResponseCode: r.latestResponseCode } : {}),
      ...(r.latestErrorMessage !== null ? { latestErrorMessage: r.latestErrorMessage } : {}),
      dropNonRetryableData: r.dropNonRetryableData,
      maxAgeSeconds: r.maxAgeSeconds,
      queueFullPolicy: r.queueFullPolicy,
      concurrentRequests: r.concurrentRequests,
      compression: r.compression,
      compressionLevel: r.compressionLevel,
      ...tuning,
    };
  }
}
