import { AppError } from '@ferry/core';

/** 404 `repository_missing_exception`: `[repo] missing`. */
export function repositoryMissing(name: string): AppError {
  return new AppError(404, `[${name}] missing`, { type: 'repository_missing_exception' });
}

/** `repository_exception` for a bad repository definition (OpenSearch answers 500; bad input is a 400 here). */
export function repositoryError(name: string, reason: string): AppError {
  return new AppError(400, `[${name}] ${reason}`, { type: 'repository_exception' });
}

/** 404 `snapshot_missing_exception`: `[repo:snap] is missing`. */
export function snapshotMissing(repo: string, snapshot: string): AppError {
  return new AppError(404, `[${repo}:${snapshot}] is missing`, { type: 'snapshot_missing_exception' });
}

/** 400 `invalid_snapshot_name_exception`. */
export function invalidSnapshotName(repo: string, snapshot: string, reason: string): AppError {
  return new AppError(400, `[${repo}:${snapshot}] Invalid snapshot name [${snapshot}], ${reason}`, { type: 'invalid_snapshot_name_exception' });
}

/** `snapshot_restore_exception` (a 400 here: it is always caused by the request). */
export function restoreError(where: string, reason: string): AppError {
  return new AppError(400, `[${where}] ${reason}`, { type: 'snapshot_restore_exception' });
}
