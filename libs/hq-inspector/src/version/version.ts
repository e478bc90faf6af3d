/** What `GET /` tells about a cluster, read the way Elasticvue does (`version.distribution`), not by string prefix. */
export interface ClusterVersion {
  distribution: 'opensearch' | 'elasticsearch';
  /** `version.number`, e.g. `2.11.0`. */
  number: string;
  major: number;
  minor: number;
  /** `version.build_flavor`, e.g. `serverless` or `default`. */
  flavor?: string;
}

/** The `version` object of `GET /`, loosely typed because every distribution adds fields. */
export interface RootVersionInfo {
  number?: string;
  distribution?: string;
  build_flavor?: string;
}

/** Reads distribution and major/minor from `GET /`'s `version` object. */
export function parseVersion(version: RootVersionInfo | undefined): ClusterVersion {
  const number = version?.number ?? '0.0.0';
  const [major, minor] = number.split('.').map((p) => Number.parseInt(p, 10));
  return {
    distribution: version?.distribution === 'opensearch' ? 'opensearch' : 'elasticsearch',
    number,
    major: Number.isFinite(major) ? major : 0,
    minor: Number.isFinite(minor) ? minor : 0,
    ...(version?.build_flavor ? { flavor: version.build_flavor } : {}),
  };
}

/** Ferry's supported range: OpenSearch 1–3 and Elasticsearch 6–8. */
export function isSupported(v: ClusterVersion): boolean {
  return v.distribution === 'opensearch' ? v.major >= 1 && v.major <= 3 : v.major >= 6 && v.major <= 8;
}

/**
 * Whether mappings are keyed by a doc type. Only Elasticsearch 6 still has them (one type per index);
 * ES 7+ and every OpenSearch are typeless.
 */
export function hasMappingTypes(v: ClusterVersion): boolean {
  return v.distribution === 'elasticsearch' && v.major <= 6;
}

// Elasticsearch 7.9+ data tiers; OpenSearch has only `data`.
const DATA_ROLES = new Set(['data', 'data_hot', 'data_warm', 'data_cold', 'data_frozen', 'data_content']);
// OpenSearch 2 renamed master to cluster_manager.
const MASTER_ROLES = new Set(['master', 'cluster_manager']);

/** True when a node with these role names holds data; tier-only nodes count. */
export function isDataNode(roles: readonly string[] | undefined): boolean {
  return (roles ?? []).some((r) => DATA_ROLES.has(r));
}

/** True when a node with these role names is master-eligible (`master` or OpenSearch's `cluster_manager`). */
export function isMasterEligible(roles: readonly string[] | undefined): boolean {
  return (roles ?? []).some((r) => MASTER_ROLES.has(r));
}

/**
 * Reads the `_cat/nodes` role letters. Elasticsearch: d data, h hot, w warm, c cold, s content, f frozen.
 * OpenSearch: only d (its `s` is the search role and `c` does not exist), so the letters depend on the distribution.
 */
export function catRolesHoldData(letters: string | undefined, distribution: ClusterVersion['distribution']): boolean {
  const data = distribution === 'opensearch' ? /d/ : /[dhwcsf]/;
  return data.test(letters ?? '');
}
