import { RestError, seg, type Rest } from '../rest/rest';

/** What `_stats?level=shards` says about one primary shard. */
export interface ShardSeqStats {
  shard: number;
  globalCheckpoint: number;
  maxSeqNo: number;
  localCheckpoint: number;
  deleteTotal: number;
  docs: number;
  storeBytes: number;
}

/** A document as read from a search hit. */
export interface LeaderDoc {
  id: string;
  routing?: string;
  seqNo: number;
  source: unknown;
  sort: unknown[];
}

/** Reads the per-primary-shard sequence numbers and counters of an index. */
export async function shardStats(rest: Rest, index: string): Promise<Map<number, ShardSeqStats>> {
  const body = await rest.json({ method: 'GET', path: `/${seg(index)}/_stats`, query: { level: 'shards' } });
  const entry = body?.indices?.[index] ?? Object.values(body?.indices ?? {})[0];
  if (!entry) throw new RestError(404, 'index_not_found_exception', `no such index [${index}]`);
  const out = new Map<number, ShardSeqStats>();
  for (const [key, copies] of Object.entries<any[]>(entry.shards ?? {})) {
    const primary = copies.find((c) => c?.routing?.primary !== false) ?? copies[0];
    const seq = primary?.seq_no ?? {};
    out.set(Number(key), {
      shard: Number(key),
      globalCheckpoint: num(seq.global_checkpoint),
      maxSeqNo: num(seq.max_seq_no),
      localCheckpoint: num(seq.local_checkpoint),
      deleteTotal: Number(primary?.indexing?.delete_total ?? 0),
      docs: Number(primary?.docs?.count ?? 0),
      storeBytes: Number(primary?.store?.size_in_bytes ?? 0),
    });
  }
  return out;
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : -1;
}

/** Makes every acknowledged write visible to search. */
export async function refresh(rest: Rest, index: string): Promise<void> {
  await rest.call({ method: 'POST', path: `/${seg(index)}/_refresh` });
}

/** Converts search hits to documents. */
export function toDocs(hits: any[]): LeaderDoc[] {
  return hits.map((h) => ({ id: h._id, routing: h._routing, seqNo: h._seq_no, source: h._source, sort: h.sort }));
}

/** Searches restricted to one shard of a fixed index: a point-in-time, or the live index without one. */
export interface ShardSearch {
  search(shard: number, body: Record<string, unknown>): Promise<any>;
  close(): Promise<void>;
}

/** A point-in-time on a cluster; OpenSearch and Elasticsearch spell the endpoints differently. */
export class PointInTime implements ShardSearch {
  private constructor(
    private readonly rest: Rest,
    readonly id: string,
    private readonly keepAlive: string,
    private readonly flavor: 'opensearch' | 'elasticsearch',
  ) {}

  /**
   * Opens a PIT on `index` with the family's endpoint; without a known family (the follower), tries
   * OpenSearch's endpoint first, then Elasticsearch's.
   */
  static async open(opts: { rest: Rest; index: string; keepAlive: string; flavor?: 'opensearch' | 'elasticsearch' }): Promise<PointInTime> {
    const { rest, index, keepAlive } = opts;
    const openEs = async () => {
      const body = await rest.json({ method: 'POST', path: `/${seg(index)}/_pit`, query: { keep_alive: keepAlive } });
      return new PointInTime(rest, body.id, keepAlive, 'elasticsearch');
    };
    if (opts.flavor === 'elasticsearch') return openEs();
    try {
      const body = await rest.json({ method: 'POST', path: `/${seg(index)}/_search/point_in_time`, query: { keep_alive: keepAlive } });
      return new PointInTime(rest, body.pit_id, keepAlive, 'opensearch');
    } catch (err) {
      if (opts.flavor || !(err instanceof RestError) || ![400, 404, 405].includes(err.status) || err.type === 'index_not_found_exception') throw err;
      return openEs();
    }
  }

  /** A search inside the PIT restricted to one shard; both families take `pit: {id, keep_alive}` and no index in the path. */
  async search(shard: number, body: Record<string, unknown>): Promise<any> {
    const pit = { id: this.id, keep_alive: this.keepAlive };
    return this.rest.json({ method: 'POST', path: '/_search', query: { preference: `_shards:${shard}` }, body: { ...body, pit } });
  }

  async close(): Promise<void> {
    const req =
      this.flavor === 'opensearch'
        ? { method: 'DELETE' as const, path: '/_search/point_in_time', body: { pit_id: [this.id] } }
        : { method: 'DELETE' as const, path: '/_pit', body: { id: this.id } };
    await this.rest.call({ ...req, ignore: [404] }).catch(() => undefined);
  }
}

/** True when an error means the PIT expired or vanished (a restart of the leader, a long pause). */
export function isPitGone(err: unknown): boolean {
  if (!(err instanceof RestError) || err.type === 'index_not_found_exception') return false;
  return err.status === 404 || /search_context_missing|point.in.time|pit/i.test(err.type + err.reason);
}
