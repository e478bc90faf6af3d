import { RestError, type Rest } from './rest';

/** How the leader is read during bootstrap and delete reconciliation. */
export type ReadStrategy =
  /** OpenSearch ≥ 2.4: `POST /<index>/_search/point_in_time` → `pit_id`. */
  | 'opensearch-pit'
  /** Elasticsearch ≥ 7.10: `POST /<index>/_pit` → `id`. */
  | 'elasticsearch-pit'
  /** No point-in-time (OpenSearch 1.x–2.3, Elasticsearch 7.0–7.9): pages of the live index in `_seq_no` order. */
  | 'seq-no-scan';

/** What `GET /` of a leader says, and the read strategy it implies. */
export interface LeaderFamily {
  distribution: 'opensearch' | 'elasticsearch';
  /** `version.number`, e.g. `8.15.0`. */
  version: string;
  strategy: ReadStrategy;
}

/** A leader Ferry cannot replicate from: too old, not a search cluster, or its root refused. */
export class UnsupportedLeaderError extends RestError {
  constructor(reason: string) {
    // Named RestError still: the API answers it as the leader's 400, like any other leader refusal.
    super(400, 'illegal_argument_exception', reason);
  }
}

function parseVersion(number: string): [number, number] | undefined {
  const m = /^(\d+)\.(\d+)/.exec(number);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

function atLeast(v: [number, number], major: number, minor: number): boolean {
  return v[0] > major || (v[0] === major && v[1] >= minor);
}

/**
 * Reads a `GET /` body. OpenSearch names itself in `version.distribution`; Elasticsearch has no
 * distribution but a `build_flavor` (and the `X-Elastic-Product` header, which the client checks).
 * An OpenSearch answering with a 7.10.2 compatibility version is read without PIT (its real version
 * is unknown).
 */
export function detectFamily(root: unknown): LeaderFamily {
  const version = (root as { version?: { number?: unknown; distribution?: unknown } } | undefined)?.version;
  const number = typeof version?.number === 'string' ? version.number : '';
  const v = parseVersion(number);
  if (!v) throw new UnsupportedLeaderError(`leader's GET / reports no version.number: cannot tell OpenSearch from Elasticsearch`);
  if (version?.distribution === 'opensearch') {
    const pit = v[0] < 7 && atLeast(v, 2, 4);
    return { distribution: 'opensearch', version: number, strategy: pit ? 'opensearch-pit' : 'seq-no-scan' };
  }
  if (version?.distribution !== undefined) throw new UnsupportedLeaderError(`leader distribution [${String(version.distribution)}] is not supported`);
  if (!atLeast(v, 7, 0)) throw new UnsupportedLeaderError(`Elasticsearch ${number} is not supported as a leader: 7.0 or later is needed`);
  return { distribution: 'elasticsearch', version: number, strategy: atLeast(v, 7, 10) ? 'elasticsearch-pit' : 'seq-no-scan' };
}

/** `GET /` of the leader, read as {@link detectFamily}; a refused root (401/403) is unsupported, not transient. */
export async function probeLeaderFamily(rest: Rest): Promise<LeaderFamily> {
  const res = await rest.call({ method: 'GET', path: '/', ignore: [401, 403] });
  if (res.status === 401 || res.status === 403) {
    throw new UnsupportedLeaderError(`leader refused GET / (${res.status}): its family and version cannot be read; give the connection credentials that may read the root`);
  }
  return detectFamily(res.body);
}
