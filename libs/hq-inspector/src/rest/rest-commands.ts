import type { ClusterCaller } from '../cluster-access/cluster-caller';
import { flattenAliases } from '../summaries/index-summary';

/** What a whitelisted command may use. */
export interface RestContext {
  caller: ClusterCaller;
  cluster: string;
  /** `_nodes` with the role patch of the `_info` route. */
  nodesInfo(): Promise<unknown>;
  status(): Promise<unknown>;
  clusterSummary(): Promise<unknown>;
  clusterList(): Promise<unknown>;
}

type Command = (ctx: RestContext) => Promise<unknown>;

const get =
  (path: string, query?: Record<string, string | boolean>): Command =>
  (ctx) =>
    ctx.caller.call(ctx.cluster, { path, query });

const cat =
  (api: string, extra: Record<string, string | boolean> = {}): Command =>
  (ctx) =>
    ctx.caller.call(ctx.cluster, { path: `/_cat/${api}`, query: { format: 'json', h: '*', ...extra } });

/**
 * HQ's `/api/rest` whitelist (`HQ:elastichq/api/rest.py`, reference §3). Only these commands exist:
 * no arbitrary path, method or body reaches the cluster through this route.
 */
export const REST_COMMANDS: Readonly<Record<string, Command>> = {
  _cluster_status: get('/'),
  _cluster_settings: get('/_cluster/settings', { include_defaults: true }),
  _cluster_tasks: get('/_tasks', { detailed: true }),
  _cluster_state: get('/_cluster/state'),
  _cluster_stats: get('/_cluster/stats'),
  _cluster_health: get('/_cluster/health'),
  _nodes: (ctx) => ctx.nodesInfo(),
  _nodes_stats: get('/_nodes/stats'),
  _indices_info: get('/_all'),
  _indices_mappings: get('/_mapping'),
  _indices_aliases: async (ctx) => flattenAliases(await ctx.caller.call(ctx.cluster, { path: '/_alias' })),
  _indices_stats: get('/_stats'),
  // Legacy templates: ES 6-8 and OpenSearch still answer `_template`.
  _indices_templates: get('/_template'),
  _indices_segments: get('/_segments'),
  _indices_shard_stores: get('/_shard_stores'),
  _indices_recovery: get('/_recovery'),
  _hq_status: (ctx) => ctx.status(),
  _hq_cluster_summary: (ctx) => ctx.clusterSummary(),
  _hq_cluster_list: (ctx) => ctx.clusterList(),
  _cat_aliases: cat('aliases'),
  _cat_allocation: cat('allocation'),
  _cat_count: cat('count'),
  _cat_fielddata: cat('fielddata'),
  _cat_health: cat('health'),
  _cat_indices: cat('indices'),
  _cat_master: cat('master'),
  _cat_nodeattrs: cat('nodeattrs'),
  _cat_nodes: cat('nodes', { full_id: true }),
  _cat_pending_tasks: cat('pending_tasks'),
  _cat_plugins: cat('plugins'),
  _cat_recovery: cat('recovery'),
  _cat_thread_pool: cat('thread_pool'),
  _cat_shards: cat('shards'),
  _cat_segments: cat('segments'),
};
