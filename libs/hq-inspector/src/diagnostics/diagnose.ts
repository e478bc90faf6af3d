import { isDataNode, isMasterEligible } from '../version/version';
import { clusterStatusRule, PROCESS_RULES, threadPoolRules } from './extra-rules';
import { evaluateRules, type RuleResult } from './evaluate';
import { HQ_RULES, type HqRuleGroup } from './hq-rules';

/** Metrics asked from `_nodes/stats`: HQ's set plus `thread_pool` for the rejection checks. */
export const DIAGNOSTICS_METRICS = 'fs,jvm,os,process,indices,http,thread_pool';

/** One node of the diagnostics summary: HQ's fields plus the groups HQ lacks. */
export type NodeDiagnostics = {
  node_id: string;
  name: unknown;
  host: unknown;
  is_master_node: boolean;
  is_data_node: boolean;
} & Record<HqRuleGroup | 'process_rules' | 'thread_pool_rules' | 'cluster_rules', RuleResult[]>;

/** Input of {@link diagnoseNodes}. */
export interface DiagnoseInput {
  /** `GET _nodes/stats/<DIAGNOSTICS_METRICS>`. */
  nodeStats: { nodes?: Record<string, Record<string, unknown>> };
  /** `status` of `_cluster/health`. */
  clusterStatus?: string;
}

/**
 * Runs every rule on every node. Roles come from node-stats `roles` on every supported version
 * (ES 6+ and OpenSearch); data tiers count as data and `cluster_manager` as master.
 */
export function diagnoseNodes(input: DiagnoseInput): NodeDiagnostics[] {
  const cluster = clusterStatusRule(input.clusterStatus);
  return Object.entries(input.nodeStats.nodes ?? {}).map(([nodeId, node]) => {
    const roles = Array.isArray(node.roles) ? (node.roles as string[]) : [];
    return {
      node_id: nodeId,
      name: node.name ?? null,
      host: node.host ?? null,
      is_master_node: isMasterEligible(roles),
      is_data_node: isDataNode(roles),
      cache_rules: evaluateRules(HQ_RULES.cache_rules, node),
      fs_rules: evaluateRules(HQ_RULES.fs_rules, node),
      action_rules: evaluateRules(HQ_RULES.action_rules, node),
      memory_rules: evaluateRules(HQ_RULES.memory_rules, node),
      network_rules: evaluateRules(HQ_RULES.network_rules, node),
      process_rules: evaluateRules(PROCESS_RULES, node),
      thread_pool_rules: evaluateRules(threadPoolRules(node), node),
      cluster_rules: [cluster],
    };
  });
}
