import { TAGLINE, VERSION } from '../cluster/version';
import type { ClusterFlavor } from './flavor';

/** Identity fields of `GET /`. */
export interface RootIdentity {
  clusterName: string;
  clusterUuid: string;
}

const OPENSEARCH_1 = {
  distribution: 'opensearch',
  number: '1.3.20',
  build_type: 'tar',
  build_hash: '3c9e5d5a0ebc3ae2d9be0c15a7ddf9e8b9ab4d80',
  build_date: '2024-11-14T21:03:56.385496Z',
  build_snapshot: false,
  lucene_version: '8.10.1',
  minimum_wire_compatibility_version: '6.8.0',
  minimum_index_compatibility_version: '6.0.0-beta1',
};

// Elasticsearch has no `distribution`; `build_flavor: default` is what clients look at.
const ELASTICSEARCH_8 = {
  number: '8.15.0',
  build_flavor: 'default',
  build_type: 'tar',
  build_hash: '1a77947f34deddb41af25e6f0ddb8e830159c179',
  build_date: '2024-08-05T10:05:34.233336849Z',
  build_snapshot: false,
  lucene_version: '9.11.1',
  minimum_wire_compatibility_version: '7.17.0',
  minimum_index_compatibility_version: '7.0.0',
};

const ANSWERS: Record<ClusterFlavor, { version: object; tagline: string }> = {
  'opensearch-3': { version: VERSION, tagline: TAGLINE },
  'opensearch-1': { version: OPENSEARCH_1, tagline: TAGLINE },
  'elasticsearch-8': { version: ELASTICSEARCH_8, tagline: 'You Know, for Search' },
};

/** The body of `GET /` as the flavor's family answers it. */
export function rootAnswer(flavor: ClusterFlavor, id: RootIdentity): Record<string, unknown> {
  const { version, tagline } = ANSWERS[flavor];
  return { name: id.clusterName, cluster_name: id.clusterName, cluster_uuid: id.clusterUuid, version, tagline };
}
