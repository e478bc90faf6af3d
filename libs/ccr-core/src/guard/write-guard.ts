import type { PassThroughInterceptor, PassThroughRequest } from '@ferry/core';
import { ccrErrors } from '../errors';
import { matchesPattern } from '../replication/index-name';

const WRITE_METHODS = new Set(['PUT', 'POST', 'DELETE', 'PATCH']);
// Endpoints under an index that only read (or that a follower must keep accepting, like refresh).
const READ_ONLY = new Set([
  '_search', '_count', '_msearch', '_mget', '_field_caps', '_explain', '_validate', '_refresh', '_flush', '_stats',
  '_search_shards', '_termvectors', '_mtermvectors', '_rank_eval', '_analyze', '_pit', '_cache', '_segments', '_recovery',
]);
const BULK_ACTIONS = ['index', 'create', 'update', 'delete'];

/** The indices a bulk body writes to (`_index` of each action line, else the path's index). */
export function bulkTargets(body: Buffer, defaultIndex?: string): string[] {
  const out = new Set<string>();
  let expectSource = false;
  for (const line of body.toString('utf8').split('\n')) {
    if (!line.trim()) continue;
    if (expectSource) {
      expectSource = false;
      continue;
    }
    let action: unknown;
    try {
      action = JSON.parse(line);
    } catch {
      continue;
    }
    // `null`, a number or an array is no action line: the cluster refuses the bulk as malformed.
    if (action === null || typeof action !== 'object' || Array.isArray(action)) continue;
    const entries = action as Record<string, { _index?: unknown } | null>;
    const name = Object.keys(entries)[0];
    if (!BULK_ACTIONS.includes(name)) continue;
    const given = entries[name]?._index;
    const index = typeof given === 'string' ? given : defaultIndex;
    if (index) out.add(index);
    expectSource = name !== 'delete';
  }
  return [...out];
}

/** `dest.index` of a `_reindex` body. */
export function reindexDest(body: Buffer): string | undefined {
  try {
    const dest = JSON.parse(body.toString('utf8'))?.dest?.index;
    return typeof dest === 'string' ? dest : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Refuses writes to follower indices through the gateway with the plugin's 403
 * `cluster_block_exception` (block 1000, index read-only(cross-cluster-replication)), `_bulk` bodies
 * and `_reindex` destinations included. The replicator writes to the local cluster directly, so it is not affected.
 */
export function followerWriteGuard(isFollower: (index: string) => boolean, followers: () => string[]): PassThroughInterceptor {
  const blocked = (target: string): string | undefined => {
    for (const part of target.split(',')) {
      if (part.includes('*')) {
        const hit = followers().find((f) => matchesPattern(part, f));
        if (hit) return hit;
      } else if (isFollower(part)) return part;
    }
    return undefined;
  };
  return {
    name: 'ccr-follower-write-guard',
    // With no follower index nothing can be refused, so nothing is claimed: `_bulk` bodies then stream
    // to the cluster instead of being buffered and parsed here.
    matches(method, segments) {
      if (!WRITE_METHODS.has(method) || segments.length === 0 || followers().length === 0) return false;
      if (segments[0] === '_bulk' || segments[0] === '_reindex') return true;
      if (segments[0].startsWith('_')) return false;
      return segments.length === 1 || !READ_ONLY.has(segments[1]) || segments[1] === '_bulk';
    },
    async intercept(req: PassThroughRequest) {
      const [first, second] = req.segments;
      if (first === '_reindex') {
        const dest = reindexDest(await req.body());
        const hit = dest ? blocked(dest) : undefined;
        if (hit) throw ccrErrors.followerBlocked(hit);
        return { action: 'continue' };
      }
      const isBulk = first === '_bulk' || second === '_bulk';
      if (!isBulk) {
        const hit = blocked(first);
        if (hit) throw ccrErrors.followerBlocked(hit);
        return { action: 'continue' };
      }
      const defaultIndex = first === '_bulk' ? undefined : first;
      for (const index of bulkTargets(await req.body(), defaultIndex)) {
        const hit = blocked(index);
        if (hit) throw ccrErrors.followerBlocked(hit);
      }
      return { action: 'continue' };
    },
  };
}
