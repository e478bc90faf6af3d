import { isUniqueViolation, type Store } from '@ferry/core';
import type { OrgService } from '../orgs/orgs.service';
import { influxError, notFound } from '../shared/errors';
import { newId } from '../shared/ids';
import { checkBucketName, checkRetentionRules } from './bucket-checks';
import type { Bucket, CreateBucketInput, UpdateBucketInput } from './buckets.schemas';

interface BucketRow {
  id: string;
  org_id: string;
  name: string;
  description: string | null;
  retention_seconds: number;
  created_at: string;
  updated_at: string;
}

function toBucket(r: BucketRow): Bucket {
  const self = `/api/v2/buckets/${r.id}`;
  return {
    id: r.id,
    type: 'user',
    name: r.name,
    ...(r.description ? { description: r.description } : {}),
    orgID: r.org_id,
    retentionRules: r.retention_seconds > 0 ? [{ type: 'expire', everySeconds: r.retention_seconds }] : [],
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    links: { self, org: `/api/v2/orgs/${r.org_id}`, write: `/api/v2/write?org=${r.org_id}&bucket=${r.id}` },
    labels: [],
  };
}

/** Filters of the bucket list. */
export interface BucketFilter {
  orgID?: string;
  name?: string;
  id?: string;
}

/** Options of {@link BucketService}. */
export interface BucketServiceOptions {
  store: Store;
  orgs: OrgService;
  /** Called before a bucket is deleted, so replications and their queues go first. */
  beforeDelete(bucketId: string): Promise<void>;
}

/** Buckets: names of local data sets that writes address and replications read from. */
export class BucketService {
  constructor(private readonly options: BucketServiceOptions) {}

  async list(filter: BucketFilter = {}): Promise<Bucket[]> {
    const rows = await this.options.store.all<BucketRow>(
      `SELECT * FROM influx_buckets WHERE (CAST(? AS TEXT) IS NULL OR org_id = ?) AND (CAST(? AS TEXT) IS NULL OR name = ?) AND (CAST(? AS TEXT) IS NULL OR id = ?)
       ORDER BY created_at, id`,
      [filter.orgID ?? null, filter.orgID ?? null, filter.name ?? null, filter.name ?? null, filter.id ?? null, filter.id ?? null],
    );
    return rows.map(toBucket);
  }

  async find(id: string): Promise<Bucket | undefined> {
    const row = await this.options.store.get<BucketRow>('SELECT * FROM influx_buckets WHERE id = ?', [id]);
    return row && toBucket(row);
  }

  async get(id: string): Promise<Bucket> {
    const bucket = await this.find(id);
    if (!bucket) throw notFound('bucket not found');
    return bucket;
  }

  async findByName(orgID: string, name: string): Promise<Bucket | undefined> {
    const row = await this.options.store.get<BucketRow>('SELECT * FROM influx_buckets WHERE org_id = ? AND name = ?', [orgID, name]);
    return row && toBucket(row);
  }

  async create(input: CreateBucketInput): Promise<Bucket> {
    checkRetentionRules(input.retentionRules);
    checkBucketName(input.name);
    await this.options.orgs.get(input.orgID);
    if (await this.findByName(input.orgID, input.name)) {
      throw influxError(422, 'conflict', `bucket with name ${input.name} already exists`);
    }
    const now = new Date().toISOString();
    const id = newId();
    const retention = input.retentionRules[0]?.everySeconds ?? 0;
    await this.options.store.run(
      'INSERT INTO influx_buckets (id, org_id, name, description, retention_seconds, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [id, input.orgID, input.name, input.description ?? null, retention, now, now],
    );
    return this.get(id);
  }

  /**
   * PATCH as InfluxDB's `UpdateBucket`: omitted fields (and an empty rule list, or a rule without
   * `everySeconds`) keep their value. Writes and replications address the bucket by ID, so a rename only
   * changes which name writes must use.
   */
  async update(id: string, input: UpdateBucketInput): Promise<Bucket> {
    checkRetentionRules(input.retentionRules ?? []);
    const current = await this.get(id);
    const name = input.name ?? current.name;
    if (name !== current.name) {
      checkBucketName(name);
      // InfluxDB answers a taken name with `conflict`, which it maps to 422 (as on create).
      if (await this.findByName(current.orgID, name)) throw influxError(422, 'conflict', 'bucket name is not unique');
    }
    const everySeconds = input.retentionRules?.[0]?.everySeconds;
    await this.options.store
      .run(
        `UPDATE influx_buckets SET name = ?, description = COALESCE(?, description), retention_seconds = COALESCE(?, retention_seconds),
         updated_at = ? WHERE id = ?`,
        [name, input.description ?? null, everySeconds ?? null, new Date().toISOString(), id],
      )
      .catch((err: unknown) => {
        // A concurrent rename or create took the name between the check and the update.
        if (isUniqueViolation(err)) throw influxError(422, 'conflict', 'bucket name is not unique');
        throw err;
      });
    return this.get(id);
  }

  /** Deletes the bucket and, as InfluxDB does, its replications and their queues. */
  async delete(id: string): Promise<void> {
    await this.get(id);
    await this.options.beforeDelete(id);
    await this.options.store.run('DELETE FROM influx_buckets WHERE id = ?', [id]);
  }
}
