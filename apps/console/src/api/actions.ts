/** Every write the console can make, as plain requests against the public APIs (so tests read them as data). */
import type { ApiRequest } from './client';
import type { Flow } from './flows';

const seg = encodeURIComponent;

export type ReplicationVerb = 'pause' | 'resume' | 'stop';

/** CCR `_pause`, `_resume`, `_stop` of one follower index. */
export function replicationAction(follower: string, verb: ReplicationVerb): ApiRequest {
  return { method: 'POST', path: `/_plugins/_replication/${seg(follower)}/_${verb}`, body: {} };
}

/** The `use_roles` pair (names of `ccr.roles` in the gateway config); mandatory when gateway auth is on. */
export interface UseRoles {
  leaderRole?: string;
  followerRole?: string;
}

function useRoles(r: UseRoles): { use_roles?: { leader_cluster_role: string; follower_cluster_role: string } } {
  const leader = r.leaderRole?.trim();
  const follower = r.followerRole?.trim();
  return leader || follower ? { use_roles: { leader_cluster_role: leader ?? '', follower_cluster_role: follower ?? '' } } : {};
}

export interface StartReplication extends UseRoles {
  leaderAlias: string;
  leaderIndex: string;
  followerIndex: string;
}

export function startReplication(s: StartReplication): ApiRequest {
  return { method: 'PUT', path: `/_plugins/_replication/${seg(s.followerIndex)}/_start`, body: { leader_alias: s.leaderAlias, leader_index: s.leaderIndex, ...useRoles(s) } };
}

export interface AutofollowRule extends UseRoles {
  leaderAlias: string;
  name: string;
  pattern: string;
}

export function createAutofollow(r: AutofollowRule): ApiRequest {
  return { method: 'POST', path: '/_plugins/_replication/_autofollow', body: { leader_alias: r.leaderAlias, name: r.name, pattern: r.pattern, ...useRoles(r) } };
}

export function deleteAutofollow(r: Pick<AutofollowRule, 'leaderAlias' | 'name'>): ApiRequest {
  return { method: 'DELETE', path: '/_plugins/_replication/_autofollow', body: { leader_alias: r.leaderAlias, name: r.name } };
}

/** A per-shard pointer reset sent with a resume. */
export interface ShardReset {
  shard: number;
  mode: 'offset' | 'timestamp';
  value: string;
}

export function ingestionAction(index: string, verb: 'pause' | 'resume', resets: readonly ShardReset[] = []): ApiRequest {
  const body = verb === 'resume' && resets.length ? { reset_settings: resets.map((r) => ({ shard: r.shard, mode: r.mode, value: r.value })) } : undefined;
  return { method: 'POST', path: `/${seg(index)}/ingestion/_${verb}`, ...(body ? { body } : {}) };
}

/** The follower index of a CCR flow, the index of an ingestion flow. */
export function flowTarget(flow: Flow): string {
  const d = flow.details;
  if (flow.kind === 'ccr-follower') return String(d.follower_index ?? flow.name);
  if (flow.kind === 'ingestion-shard') return String(d.index ?? flow.name);
  return flow.name;
}

/** True when the flow can be paused now (and {@link canResume} when it can be resumed). */
export function canPause(flow: Flow): boolean {
  // The replication API refuses to pause a FAILED or STOPPED follower (documented 500s): not offered.
  if (flow.kind === 'ccr-follower') return !['paused', 'stopped', 'failed'].includes(flow.state);
  if (flow.kind === 'ingestion-shard') return !flow.details.paused;
  return false;
}

export function canResume(flow: Flow): boolean {
  if (flow.kind === 'ccr-follower') return flow.state === 'paused' || flow.status === 'PAUSED';
  if (flow.kind === 'ingestion-shard') return Boolean(flow.details.paused);
  return false;
}

/**
 * The requests of a bulk pause or resume over selected flows: one per follower, one per ingestion index
 * (shards of one index share a single `_pause`), flows that cannot take the verb left out.
 */
export function bulkRequests(flows: readonly Flow[], verb: 'pause' | 'resume'): ApiRequest[] {
  const out: ApiRequest[] = [];
  const seen = new Set<string>();
  for (const f of flows) {
    if (!(verb === 'pause' ? canPause(f) : canResume(f))) continue;
    const target = flowTarget(f);
    const key = `${f.kind}:${target}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(f.kind === 'ccr-follower' ? replicationAction(target, verb) : ingestionAction(target, verb));
  }
  return out;
}

export interface InfluxRemoteInput {
  orgID: string;
  name: string;
  remoteURL: string;
  remoteAPIToken: string;
  remoteOrgID?: string;
  remoteType?: 'v1' | 'v2';
  allowInsecureTLS: boolean;
}

/** Create (no id) or edit a remote; an empty token on edit leaves the stored one alone. */
export function saveRemote(input: InfluxRemoteInput, id?: string): ApiRequest {
  const body: Record<string, unknown> = { name: input.name, remoteURL: input.remoteURL, allowInsecureTLS: input.allowInsecureTLS };
  if (input.remoteAPIToken || !id) body.remoteAPIToken = input.remoteAPIToken;
  if (input.remoteOrgID) body.remoteOrgID = input.remoteOrgID;
  if (!id) {
    body.orgID = input.orgID;
    if (input.remoteType) body.remoteType = input.remoteType;
  }
  return id ? { method: 'PATCH', path: `/api/v2/remotes/${seg(id)}`, body } : { method: 'POST', path: '/api/v2/remotes', body };
}

export interface InfluxReplicationInput {
  orgID: string;
  name: string;
  remoteID: string;
  localBucketID: string;
  remoteBucketName: string;
  maxQueueSizeBytes: number;
}

export function saveReplication(input: InfluxReplicationInput, id?: string): ApiRequest {
  if (id) return { method: 'PATCH', path: `/api/v2/replications/${seg(id)}`, body: { name: input.name, remoteID: input.remoteID, remoteBucketName: input.remoteBucketName, maxQueueSizeBytes: input.maxQueueSizeBytes } };
  return { method: 'POST', path: '/api/v2/replications', body: { ...input, maxAgeSeconds: 0 } };
}

export const deleteRemote = (id: string): ApiRequest => ({ method: 'DELETE', path: `/api/v2/remotes/${seg(id)}` });
export const deleteReplication = (id: string): ApiRequest => ({ method: 'DELETE', path: `/api/v2/replications/${seg(id)}` });
