/** The OpenSearch release this node answers as. */
export const VERSION = {
  distribution: 'opensearch',
  number: '2.19.0',
  build_type: 'tar',
  build_hash: 'fd9a9d90df25bea1af2c6a85039692e815b894f5',
  build_date: '2025-02-05T16:13:57.130576800Z',
  build_snapshot: false,
  lucene_version: '9.12.1',
  minimum_wire_compatibility_version: '7.10.0',
  minimum_index_compatibility_version: '7.0.0',
} as const;

/** OpenSearch's tagline. */
export const TAGLINE = 'The OpenSearch Project: https://opensearch.org/';
