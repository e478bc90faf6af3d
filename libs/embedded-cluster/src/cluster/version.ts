/**
 * The OpenSearch release this node answers as: a 3.x release, since it serves APIs that exist only from 3.0
 * (pull-based ingestion) and the ingestion mapper settings that the specification's stories gate on 3.6.
 * Lucene and compatibility versions are those of the 3.x line (Lucene 10; wire and index compatibility back
 * to the last 2.x minor and to 2.0). The build hash and date name no real OpenSearch build: there is none.
 */
export const VERSION = {
  distribution: 'opensearch',
  number: '3.6.0',
  build_type: 'tar',
  build_hash: '0000000000000000000000000000000000000000',
  build_date: '2026-04-01T00:00:00.000000000Z',
  build_snapshot: false,
  lucene_version: '10.3.2',
  minimum_wire_compatibility_version: '2.19.0',
  minimum_index_compatibility_version: '2.0.0',
} as const;

/**
 * The release as OpenSearch's `Version.id` encodes it (`index.version.created`): major, minor, revision and
 * build 99 in decimal places, xor-ed with the bit that tells OpenSearch ids from Elasticsearch ones.
 */
export const VERSION_ID = String((3 * 1_000_000 + 6 * 10_000 + 0 * 100 + 99) ^ 0x08000000);

/** OpenSearch's tagline. */
export const TAGLINE = 'The OpenSearch Project: https://opensearch.org/';
