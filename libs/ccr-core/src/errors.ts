import { AppError, ForbiddenError, NotFoundError, ValidationError, validationFailure } from '@ferry/core';

/**
 * The errors the OpenSearch replication plugin answers with, worded as it words them
 * (reference ccr.md §1.3, §1.4, §1.10), so scripts written against the plugin keep working.
 */
export const ccrErrors = {
  /** 400 `Validation Failed: 1: m1;2: m2;` */
  validation(messages: readonly string[]): AppError {
    return validationFailure(messages.map((message) => ({ path: '', message })));
  },
  noSuchRemoteCluster(alias: string): AppError {
    return new NotFoundError(`no such remote cluster: [${alias}]`, { type: 'no_such_remote_cluster_exception' });
  },
  indexNotFound(index: string): AppError {
    return new NotFoundError(`no such index [${index}]`, {
      type: 'index_not_found_exception',
      fields: { 'resource.type': 'index_or_alias', 'resource.id': index, index },
    });
  },
  indexClosed(index: string): AppError {
    return new ValidationError(`closed`, { type: 'index_closed_exception', fields: { index } });
  },
  followerExists(follower: string): AppError {
    return new ValidationError(`Cant use same index again for replication. Delete the index:${follower}`, {
      type: 'illegal_argument_exception',
    });
  },
  replicatedLeader(index: string): AppError {
    return new ValidationError(`Cannot Replicate a Replicated Index ${index}`, { type: 'illegal_argument_exception' });
  },
  noReplication(index: string): AppError {
    return new ValidationError(`No replication in progress for index:${index}`, { type: 'illegal_argument_exception' });
  },
  alreadyPaused(index: string): AppError {
    return new ValidationError(`Index ${index} is already paused`, { type: 'resource_already_exists_exception' });
  },
  alreadyRunning(index: string): AppError {
    return new ValidationError(`Replication on Index ${index} is already running`, { type: 'resource_already_exists_exception' });
  },
  cannotPause(state: string): AppError {
    return new AppError(500, `Cannot pause when in ${state} state`, { type: 'illegal_state_exception' });
  },
  pauseDuringRestore(index: string): AppError {
    return new AppError(500, `Index is in restore phase currently for index: ${index}. You can pause after restore completes.`, {
      type: 'illegal_state_exception',
    });
  },
  cannotUpdate(state: string): AppError {
    return new AppError(500, `Cannot update settings when in ${state} state`, { type: 'illegal_state_exception' });
  },
  startBlocked(): AppError {
    return new ForbiddenError('[FORBIDDEN] Replication START block is set', { type: 'cluster_block_exception' });
  },
  rolesMandatory(side: 'Follower' | 'Leader'): AppError {
    return new ForbiddenError(`${side} roles are mandatory for replication`, { type: 'security_exception' });
  },
  unknownRole(role: string): AppError {
    return new ForbiddenError(`no permissions for role [${role}]`, { type: 'security_exception' });
  },
  ruleExists(): AppError {
    return new AppError(500, 'Exisiting autofollow replication rule cannot be recreated/updated', { type: 'exception' });
  },
  followerBlocked(index: string): AppError {
    return new ForbiddenError(`index [${index}] blocked by: [FORBIDDEN/1000/index read-only(cross-cluster-replication)];`, {
      type: 'cluster_block_exception',
    });
  },
  unknownSetting(key: string): AppError {
    return new ValidationError(`unknown setting [${key}] please check that any required plugins are installed, or check the breaking changes documentation for removed settings`, {
      type: 'illegal_argument_exception',
    });
  },
  statusFailed(cause: unknown): AppError {
    return new AppError(500, 'failed to fetch replication status', { type: 'exception', cause });
  },
};

/** A cluster's own error, passed on with its status, type and reason (e.g. invalid override settings). */
export function fromCluster(err: unknown): unknown {
  const e = err as { name?: string; status?: number; type?: string; reason?: string };
  if (e?.name !== 'RestError' || typeof e.status !== 'number') return err;
  if (e.status === 0) return new AppError(503, e.reason ?? 'cluster unreachable', { type: 'connect_transport_exception' });
  return new AppError(e.status, e.reason ?? '', { type: e.type || undefined });
}
