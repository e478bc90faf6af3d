import { RestError, type Rest } from '../rest/rest';
import type { LeaderDoc } from './shard-reader';

/** A document to delete on the follower. */
export interface DocRef {
  id: string;
  routing?: string;
}

/**
 * Writes into the follower with `_bulk`, keeping `_id` and `_routing` so a document lands in the same
 * shard number as on the leader. The whole bulk is idempotent, so a transient failure retries it all.
 */
export class FollowerWriter {
  constructor(
    private readonly rest: Rest,
    private readonly indexName: string,
  ) {}

  /** Indexes the documents; returns the bytes sent. */
  async index(docs: readonly LeaderDoc[]): Promise<number> {
    if (docs.length === 0) return 0;
    const lines: string[] = [];
    for (const d of docs) {
      lines.push(JSON.stringify({ index: { _index: this.indexName, _id: d.id, ...(d.routing ? { routing: d.routing } : {}) } }));
      lines.push(JSON.stringify(d.source ?? {}));
    }
    return this.bulk(lines);
  }

  async delete(refs: readonly DocRef[]): Promise<void> {
    if (refs.length === 0) return;
    const lines = refs.map((r) => JSON.stringify({ delete: { _index: this.indexName, _id: r.id, ...(r.routing ? { routing: r.routing } : {}) } }));
    await this.bulk(lines);
  }

  private async bulk(lines: string[]): Promise<number> {
    const ndjson = `${lines.join('\n')}\n`;
    const body = await this.rest.json({ method: 'POST', path: '/_bulk', ndjson });
    const failure = body?.errors ? bulkFailure(body.items ?? []) : undefined;
    if (failure) throw failure;
    return ndjson.length;
  }
}

/** The worst item error of a bulk: transient (429/5xx) wins so the bulk is retried, else the first permanent one. */
function bulkFailure(items: any[]): RestError | undefined {
  let permanent: RestError | undefined;
  for (const item of items) {
    const result = item.index ?? item.delete ?? item.create ?? item.update;
    if (!result?.error || (item.delete && result.status === 404)) continue;
    const err = new RestError(result.status ?? 500, result.error.type ?? '', result.error.reason ?? JSON.stringify(result.error));
    if (err.transient) return err;
    permanent ??= err;
  }
  return permanent;
}
