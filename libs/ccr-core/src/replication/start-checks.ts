import { currentRequest } from '@ferry/core';
import type { CcrConfig } from '../config';
import { ccrErrors } from '../errors';
import type { ClusterAccess } from '../rest/cluster-access';
import { RestError, seg, type Rest } from '../rest/rest';
import { isKnownIndexSetting, flattenSettings, leaderIndexInfo, type LeaderIndexInfo } from '../engine/metadata';
import { indexNameProblems } from './index-name';
import type { UseRoles } from './replication.schemas';

/** A start request once its fields are known to be there. */
export interface StartInput {
  followerIndex: string;
  leaderAlias: string;
  leaderIndex: string;
  useRoles?: UseRoles;
  settings: Record<string, unknown>;
}

/** Request validation, all messages at once, as `ReplicateIndexRequest.validate()`. */
export function validateStart(input: { followerIndex: string; leaderAlias?: string; leaderIndex?: string; useRoles?: UseRoles }): void {
  const problems: string[] = [];
  if (!input.leaderAlias || !input.leaderIndex) {
    throw ccrErrors.validation(['Mandatory params [leader_alias, leader_index] are missing for the request']);
  }
  if (input.useRoles && (!input.useRoles.leader_cluster_role || !input.useRoles.follower_cluster_role)) {
    problems.push('Need roles for leader_cluster_role and follower_cluster_role');
  }
  problems.push(...indexNameProblems(input.leaderIndex), ...indexNameProblems(input.followerIndex));
  if (problems.length > 0) throw ccrErrors.validation(problems);
}

/**
 * With gateway auth on, `use_roles` is mandatory (403 as the plugin's setup checks) and each role must
 * have credentials configured; with auth off, roles are optional and only select credentials.
 */
export function checkRoles(useRoles: UseRoles | undefined, clusters: ClusterAccess, system = false): void {
  const authOn = !system && currentRequest()?.role !== undefined;
  if (authOn && !useRoles?.follower_cluster_role) throw ccrErrors.rolesMandatory('Follower');
  if (authOn && !useRoles?.leader_cluster_role) throw ccrErrors.rolesMandatory('Leader');
  for (const role of [useRoles?.follower_cluster_role, useRoles?.leader_cluster_role]) {
    if (authOn && role && !clusters.knowsRole(role)) throw ccrErrors.unknownRole(role);
  }
}

/** Leader-side checks in the plugin's order: alias, index (not an alias), open, not a follower, soft deletes. */
export async function checkLeader(opts: { clusters: ClusterAccess; input: StartInput; leader: Rest }): Promise<LeaderIndexInfo> {
  const { input, leader } = opts;
  if (!(await opts.clusters.has(input.leaderAlias))) throw ccrErrors.noSuchRemoteCluster(input.leaderAlias);
  await assertOpenIndex(leader, input.leaderAlias, input.leaderIndex);
  const info = await leaderIndexInfo(leader, input.leaderIndex).catch((err) => {
    throw err instanceof RestError && err.status === 404 ? ccrErrors.indexNotFound(input.leaderIndex) : err;
  });
  if (info.settings['index.plugins.replication.follower.leader_index']) throw ccrErrors.replicatedLeader(input.leaderIndex);
  if (info.settings['index.soft_deletes.enabled'] === 'false') {
    throw ccrErrors.validation(['Cannot Replicate an index where the setting index.soft_deletes.enabled is disabled']);
  }
  return info;
}

/** 404 for a missing index or an alias name, 400 `closed` for a closed one. */
export async function assertOpenIndex(leader: Rest, alias: string, index: string): Promise<void> {
  const cat = await leader.call<any[]>({
    method: 'GET',
    path: `/_cat/indices/${seg(index)}`,
    query: { format: 'json', h: 'index,status', expand_wildcards: 'all' },
    ignore: [400, 404, 405],
  });
  if (cat.status === 200 && Array.isArray(cat.body)) {
    const row = cat.body.find((r) => r.index === index);
    if (cat.body.length === 0) throw ccrErrors.indexNotFound(index);
    if (!row) throw ccrErrors.indexNotFound(`${alias}:${index}`);
    if (row.status === 'close') throw ccrErrors.indexClosed(index);
    return;
  }
  // Clusters without `_cat` (or refusing it to this role): read the index itself.
  const res = await leader.call<any>({ method: 'GET', path: `/${seg(index)}`, query: { flat_settings: true, expand_wildcards: 'all' }, ignore: [404] });
  if (res.status === 404 || !res.body || Object.keys(res.body).length === 0) throw ccrErrors.indexNotFound(index);
  const entry = res.body[index];
  if (!entry) throw ccrErrors.indexNotFound(`${alias}:${index}`);
  if (String(entry.settings?.['index.verified_before_close']) === 'true' || entry.state === 'close') throw ccrErrors.indexClosed(index);
}

/** Settings overrides must be index settings; the plugin answers 400 for unknown ones. */
export function checkSettings(settings: Record<string, unknown>): Record<string, string> {
  const flat = flattenSettings(settings);
  for (const key of Object.keys(flat)) if (!isKnownIndexSetting(key)) throw ccrErrors.unknownSetting(key);
  return flat;
}

/** The config's `blockStart` is the plugin's `plugins.replication.follower.block.start`. */
export function checkStartBlock(config: CcrConfig): void {
  if (config.blockStart) throw ccrErrors.startBlocked();
}
