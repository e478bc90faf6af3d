import { AppError } from '@ferry/core';

/** `index_not_found_exception` exactly as OpenSearch renders it. */
export function indexNotFound(name: string): AppError {
  return new AppError(404, `no such index [${name}]`, {
    type: 'index_not_found_exception',
    fields: { index: name, 'resource.id': name, 'resource.type': 'index_or_alias', index_uuid: '_na_' },
  });
}

/** `resource_already_exists_exception` for an index that exists. */
export function indexExists(name: string, uuid: string): AppError {
  return new AppError(400, `index [${name}/${uuid}] already exists`, {
    type: 'resource_already_exists_exception',
    fields: { index: name, index_uuid: uuid },
  });
}

/** `invalid_index_name_exception`: `Invalid index name [x], <reason>`. */
export function invalidIndexName(name: string, reason: string): AppError {
  return new AppError(400, `Invalid index name [${name}], ${reason}`, {
    type: 'invalid_index_name_exception',
    fields: { index: name, index_uuid: '_na_' },
  });
}

/** 400 `illegal_argument_exception`. */
export function illegalArgument(reason: string): AppError {
  return new AppError(400, reason, { type: 'illegal_argument_exception' });
}

/** 400 `parsing_exception` (unknown query, malformed DSL). */
export function parsingError(reason: string): AppError {
  return new AppError(400, reason, { type: 'parsing_exception', fields: { line: 1, col: 1 } });
}

/** 400 `action_request_validation_exception`: `Validation Failed: 1: ...;`. */
export function validationFailed(...reasons: string[]): AppError {
  const text = reasons.map((r, i) => `${i + 1}: ${r};`).join('');
  return new AppError(400, `Validation Failed: ${text}`, { type: 'action_request_validation_exception' });
}

/** 409 `version_conflict_engine_exception`: `[id]: version conflict, <explanation>`. */
export function versionConflict(options: { id: string; explanation: string; index: string; uuid: string; shard: number }): AppError {
  return new AppError(409, `[${options.id}]: version conflict, ${options.explanation}`, {
    type: 'version_conflict_engine_exception',
    fields: { index: options.index, shard: String(options.shard), index_uuid: options.uuid },
  });
}

/** 400 `mapper_parsing_exception`. */
export function mapperParsing(reason: string): AppError {
  return new AppError(400, reason, { type: 'mapper_parsing_exception' });
}

/** 403 `cluster_block_exception` for an index block (`index.blocks.write` and friends). */
export function indexBlocked(options: {
  name: string;
  block: 'write' | 'read' | 'read_only' | 'metadata' | 'read_only_allow_delete' | 'replication';
}): AppError {
  const ids: Record<string, string> = {
    read_only: '5/index read-only (api)',
    read: '7/index read (api)',
    write: '8/index write (api)',
    metadata: '9/index metadata (api)',
    read_only_allow_delete: '12/disk usage exceeded flood-stage watermark, index has read-only-allow-delete block',
    // Ferry's `index.blocks.replication`: the cross-cluster-replication plugin's follower block, same message.
    replication: '1000/index read-only(cross-cluster-replication)',
  };
  return new AppError(403, `index [${options.name}] blocked by: [FORBIDDEN/${ids[options.block]}];`, { type: 'cluster_block_exception' });
}

/** 400 `index_closed_exception` for operations on a closed index. */
export function indexClosed(name: string, uuid: string): AppError {
  return new AppError(400, 'closed', { type: 'index_closed_exception', fields: { index: name, index_uuid: uuid } });
}
