/**
 * OpenSearch's defaults of the index-scoped settings (IndexScopedSettings) that an index created here has
 * without setting them, as `GET /<index>/_settings?include_defaults=true` lists them under `defaults`. The
 * values are OpenSearch 3.x's; those the embedded cluster honours (refresh, result window, terms count, mapping
 * limits, gc_deletes, blocks, routing) are the ones it applies.
 */
export const INDEX_SETTING_DEFAULTS: Readonly<Record<string, string | string[]>> = {
  'index.auto_expand_replicas': 'false',
  'index.blocks.metadata': 'false',
  'index.blocks.read': 'false',
  'index.blocks.read_only': 'false',
  'index.blocks.read_only_allow_delete': 'false',
  'index.blocks.write': 'false',
  'index.codec': 'default',
  'index.default_pipeline': '_none',
  'index.final_pipeline': '_none',
  'index.format': '0',
  'index.gc_deletes': '60s',
  'index.hidden': 'false',
  'index.highlight.max_analyzed_offset': '1000000',
  'index.load_fixed_bitset_filters_eagerly': 'true',
  'index.mapping.coerce': 'false',
  'index.mapping.depth.limit': '20',
  'index.mapping.field_name_length.limit': '9223372036854775807',
  'index.mapping.ignore_malformed': 'false',
  'index.mapping.nested_fields.limit': '50',
  'index.mapping.nested_objects.limit': '10000',
  'index.mapping.total_fields.limit': '1000',
  'index.max_adjacency_matrix_filters': '100',
  'index.max_docvalue_fields_search': '100',
  'index.max_inner_result_window': '100',
  'index.max_ngram_diff': '1',
  'index.max_refresh_listeners': '1000',
  'index.max_regex_length': '1000',
  'index.max_rescore_window': '10000',
  'index.max_result_window': '10000',
  'index.max_script_fields': '32',
  'index.max_shingle_diff': '3',
  'index.max_slices_per_pit': '1024',
  'index.max_slices_per_scroll': '1024',
  'index.max_terms_count': '65536',
  'index.merge.policy.max_merged_segment': '5gb',
  'index.merge.scheduler.auto_throttle': 'true',
  'index.priority': '1',
  'index.query.default_field': ['*'],
  'index.query_string.lenient': 'false',
  'index.refresh_interval': '1s',
  'index.replication.type': 'DOCUMENT',
  'index.routing_partition_size': '1',
  'index.search.idle.after': '30s',
  'index.shard.check_on_startup': 'false',
  'index.soft_deletes.enabled': 'true',
  'index.soft_deletes.retention_lease.period': '12h',
  'index.store.preload': [],
  'index.store.type': '',
  'index.translog.durability': 'REQUEST',
  'index.translog.flush_threshold_size': '512mb',
  'index.translog.sync_interval': '5s',
  'index.unassigned.node_left.delayed_timeout': '1m',
  'index.write.wait_for_active_shards': '1',
};

/** The defaults an index's own settings do not override. */
export function defaultsNotSet(settings: Record<string, unknown>): Record<string, string | string[]> {
  return Object.fromEntries(Object.entries(INDEX_SETTING_DEFAULTS).filter(([k]) => settings[k] === undefined));
}
