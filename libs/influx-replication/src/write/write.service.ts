import type { Bucket } from '../buckets/buckets.schemas';
import type { BucketService } from '../buckets/buckets.service';
import type { LocalTarget } from '../config';
import type { OrgService } from '../orgs/orgs.service';
import type { ReplicationEngine } from '../replications/replication-engine';
import { influxError, invalid, notFound, unprocessable } from '../shared/errors';
import { isId } from '../shared/ids';
import type { RemoteWriter } from '../sender/remote-writer';
import { gzipSync } from 'node:zlib';
import { LineProtocolError, normalizeLineProtocol } from './line-protocol';
import { plainNsPoints } from './line-protocol-fast';

/** Options of {@link WriteService}. */
export interface WriteServiceOptions {
  orgs: OrgService;
  buckets: BucketService;
  engine: ReplicationEngine;
  writer: RemoteWriter;
  localTarget?: LocalTarget;
  now(): number;
}

/** Resolves buckets the way InfluxDB's write endpoints do, validates, and stores or forwards the batch. */
export class WriteService {
  private lastMs = 0;
  private seq = 0;

  constructor(private readonly o: WriteServiceOptions) {}

  /** `/api/v2/write`: org or orgID (name or ID), bucket name or ID. */
  async bucketV2(q: { org?: string; orgID?: string; bucket?: string }): Promise<Bucket> {
    if (!q.bucket) throw notFound('bucket not found');
    if (!q.org && !q.orgID) throw invalid('Please provide either orgID or org');
    let orgID: string;
    if (q.orgID) {
      if (!(await this.o.orgs.find(q.orgID))) throw notFound('organization not found');
      orgID = q.orgID;
    } else {
      const org = (isId(q.org) ? await this.o.orgs.find(q.org as string) : undefined) ?? (await this.o.orgs.findByName(q.org as string));
      if (!org) throw notFound(`organization name "${q.org}" not found`);
      orgID = org.id;
    }
    const byId = isId(q.bucket) ? await this.o.buckets.find(q.bucket) : undefined;
    const bucket = byId?.orgID === orgID ? byId : await this.o.buckets.findByName(orgID, q.bucket);
    if (!bucket) throw notFound(`bucket "${q.bucket}" not found`);
    return bucket;
  }

  /**
   * `/write?db=&rp=`: the bucket named `db/rp`, or `db` (then `db/autogen`) without rp. Tokens are not tied to
   * an org here, so when several orgs have such a bucket the write must name one (`org=` or `orgID=`, as in v2).
   */
  async bucketV1(q: { db?: string; rp?: string; org?: string; orgID?: string }): Promise<Bucket> {
    if (!q.db) throw invalid('database is required');
    const orgID = q.orgID ?? (q.org ? ((await this.o.orgs.findByName(q.org))?.id ?? '') : undefined);
    const names = q.rp ? [`${q.db}/${q.rp}`] : [q.db, `${q.db}/autogen`];
    for (const name of names) {
      const all = await this.o.buckets.list({ name, orgID });
      if (all.length === 1) return all[0];
      if (all.length > 1) {
        const orgs = await Promise.all(all.map(async (b) => (await this.o.orgs.find(b.orgID))?.name ?? b.orgID));
        throw invalid(`database "${q.db}" names buckets in several organizations (${orgs.join(', ')}): add org=<name> or orgID=<id> to the write`);
      }
    }
    throw notFound(q.rp ? `retention policy not found: ${q.rp}` : `database not found: "${q.db}"`);
  }

  /** A nanosecond "now" that never repeats, for points written without a timestamp. */
  private nowNs(): string {
    const ms = this.o.now();
    if (ms === this.lastMs) this.seq++;
    else [this.lastMs, this.seq] = [ms, 0];
    return `${ms}${String(Math.min(this.seq, 999_999)).padStart(6, '0')}`;
  }

  /** Validates and normalises the batch, writes the local target first, then queues it for every replication. */
  async write(bucket: Bucket, body: Buffer, precision: string): Promise<{ points: number }> {
    const batch = this.normalize(body, precision);
    if (batch.points === 0) return { points: 0 };
    const replications = this.o.engine.forBucket(bucket.id);
    if (replications.length === 0 && !this.o.localTarget) {
      throw unprocessable(
        `bucket "${bucket.name}" has no replication and this gateway has no local InfluxDB target, so the write would be lost: ` +
          'create a replication for the bucket first',
      );
    }
    if (this.o.localTarget) await this.writeLocal(bucket, batch.payload);
    if (replications.length > 0) await this.o.engine.enqueue(bucket.id, batch.payload, batch.points);
    return { points: batch.points };
  }

  /** The batch at ns precision; a body that already is one (the usual case) is checked on bytes and kept. */
  private normalize(body: Buffer, precision: string): { payload: Buffer; points: number } {
    const plain = precision === 'ns' || precision === 'n' ? plainNsPoints(body) : undefined;
    if (plain !== undefined) return { payload: body, points: plain };
    try {
      const batch = normalizeLineProtocol(body.toString('utf8'), { precision, nowNs: this.nowNs() });
      return { payload: batch.unchanged ? body : Buffer.from(batch.data), points: batch.points };
    } catch (err) {
      if (err instanceof LineProtocolError) throw invalid(err.message);
      throw err;
    }
  }

  private async writeLocal(bucket: Bucket, payload: Buffer): Promise<void> {
    const t = this.o.localTarget as LocalTarget;
    const remote = { id: 'local', remoteURL: t.url, remoteAPIToken: t.token, remoteOrgID: t.org ?? null, allowInsecureTLS: false, remoteType: t.remoteType };
    const outcome = await this.o.writer.write({ remote, remoteBucketID: null, remoteBucketName: bucket.name }, gzipSync(payload));
    if (outcome.status === 204) return;
    const status = outcome.status >= 400 && outcome.status < 500 ? outcome.status : 503;
    throw influxError(status, status === 503 ? 'unavailable' : 'invalid', `local InfluxDB target refused the write: ${outcome.message}`);
  }
}
