import { illegalArgument, validationFailed, versionConflict } from '../http/errors';
import type { LatestRow } from '../storage/doc-store';

/** OpenSearch's version types. */
export type VersionType = 'internal' | 'external' | 'external_gte';

/** The concurrency controls a write may carry. */
export interface WriteConditions {
  version?: number;
  versionType?: VersionType;
  ifSeqNo?: number;
  ifPrimaryTerm?: number;
  /** `op_type=create`: fail if a live document exists. */
  create?: boolean;
}

/** Where the document lives, for the conflict message's fields. */
export interface ConflictTarget {
  id: string;
  index: string;
  uuid: string;
  shard: number;
}

/** The request-level checks OpenSearch's `IndexRequest.validate` / `DeleteRequest.validate` make. */
export function validateConditions(c: WriteConditions): void {
  const type = c.versionType ?? 'internal';
  if (!['internal', 'external', 'external_gte'].includes(type)) throw illegalArgument(`No version type match [${type}]`);
  if (type === 'internal' && c.version !== undefined) {
    throw validationFailed(
      'internal versioning can not be used for optimistic concurrency control. Please use `if_seq_no` and `if_primary_term` instead',
    );
  }
  if (c.create && type !== 'internal') throw validationFailed('create operations only support internal versioning. use index instead');
  if (type !== 'internal' && c.version === undefined) throw validationFailed(`[${type}] version type requires a version`);
  if (c.ifSeqNo !== undefined && type !== 'internal') {
    throw validationFailed('compare and write operations can not use versioning');
  }
  if (c.ifSeqNo !== undefined && !c.ifPrimaryTerm) throw validationFailed('ifSeqNo is set, but primary term is [0]');
  if (c.ifSeqNo === undefined && c.ifPrimaryTerm !== undefined) {
    throw validationFailed(`ifSeqNo is unassigned, but primary term is [${c.ifPrimaryTerm}]`);
  }
}

/**
 * Decides the new `_version` of a write or throws OpenSearch's `version_conflict_engine_exception` with the
 * exact explanation of `VersionType` / `InternalEngine`. `current` is the newest row if it still counts
 * (a tombstone older than `gc_deletes` does not).
 */
export function nextVersion(options: { current?: LatestRow; conditions: WriteConditions; target: ConflictTarget }): number {
  const { current, conditions: c, target } = options;
  const live = current !== undefined && current.deleted === 0;
  const conflict = (explanation: string) => versionConflict({ ...target, explanation });
  if (c.ifSeqNo !== undefined) {
    const term = c.ifPrimaryTerm ?? 0;
    if (!live) throw conflict(`required seqNo [${c.ifSeqNo}], primary term [${term}]. but no document was found`);
    if (current!.seq !== c.ifSeqNo || current!.term !== term) {
      throw conflict(
        `required seqNo [${c.ifSeqNo}], primary term [${term}]. current document has seqNo [${current!.seq}] and primary term [${current!.term}]`,
      );
    }
  }
  if (c.create && live) throw conflict(`document already exists (current version [${current!.version}])`);
  const type = c.versionType ?? 'internal';
  if (type === 'internal') return current ? current.version + 1 : 1;
  const wanted = c.version!;
  if (current) {
    if (type === 'external' && current.version >= wanted) {
      throw conflict(`current version [${current.version}] is higher or equal to the one provided [${wanted}]`);
    }
    if (type === 'external_gte' && current.version > wanted) {
      throw conflict(`current version [${current.version}] is higher than the one provided [${wanted}]`);
    }
  }
  return wanted;
}
