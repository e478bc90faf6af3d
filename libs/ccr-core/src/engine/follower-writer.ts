import { RestError, type Rest } from '../rest/rest';
import type { LeaderDoc } from './shard-reader';

/** A document to delete on the follower. */
export interface DocRef {
  id: string;
  routing?: string;
  /** The leader `_seq_no` the follower copy was written from, when known (versions the delete). */
  seq?: number;
}

/**
 * Writes into the follower with `_bulk`, keeping `_id` and `_routing` so a document lands in the same
 * shard number as on the leader. The whole bulk is idempotent, so a transient failure retries it all.
 *
 * With `externalVersions` (gateways sharing a store) every write carries the leader's `_seq_no` as an
 * `external_gte` version: a former owner that was paused or cut off and writes late cannot overwrite
 * what the new owner wrote from a newer leader operation; the follower answers 409 and the write is
 * skipped as already superseded.
 */
export class FollowerWriter {
  constructor(
    private readonly rest: Rest,
    private readonly indexName: string,
    private readonly externalVersions = false,
  ) {}

  private versioned(seq: number | undefined): Record<string, unknown> {
    return this.externalVersions && seq !== undefined ? { version: seq, version_type: 'external_gte' } : {};
  }

  /** Indexes the documents; returns the bytes sent. */
  async index(docs: readonly LeaderDoc[]): Promise<number> {
    if (docs.length === 0) return 0;
    const lines: string[] = [];
    for (const d of docs) {
      lines.push(JSON.stringify({ index: { _index: this.indexName, _id: d.id, ...(d.routing ? { routing: d.routing } : {}), ...this.versioned(d.seqNo) } }));
      lines.push(JSON.stringify(d.source ?? {}));
    }
    return this.bulk(lines);
  }

  async delete(refs: readonly DocRef[]): Promise<void> {
    if (refs.length === 0) return;
    const lines = refs.map((r) => JSON.stringify({ delete: { _index: this.indexName, _id: r.id, ...(r.routing ? { routing: r.routing } : {}), ...this.versioned(r.seq) } }));
    await this.bulk(lines);
  }

  private async bulk(lines: string[]): Promise<number> {
    const ndjson = `${lines.join('\n')}\n`;
    const body = await this.rest.json({ method: 'POST', path: '/_bulk', ndjson });
    const failure = body?.errors ? bulkFailure(body.items ?? [], this.externalVersions) : undefined;
    if (failure) throw failure;
    return ndjson.length;
  }
}

/** The worst item error of a bulk: transient (429/5xx) wins so the bulk is retried, else the first permanent one. */
function bulkFailure(items: any[], versioned: boolean): RestError | undefined {
  let permanent: RestError | undefined;
  for (const item of items) {
    const result = item.index ?? item.delete ?? item.create ?? item.update;
    if (!result?.error || (item.delete && result.status === 404)) continue;
    // Versioned: the follower holds a copy from a newer leader operation already.
    if (versioned && result.status === 409 && result.error.type === 'version_conflict_engine_exception') continue;
    const err = new RestError(result.status ?? 500, result.error.type ?? '', result.error.reason ?? JSON.stringify(result.error));
    if (err.transient) return err;
    permanent ??= err;
  }
  return permanent;
}
