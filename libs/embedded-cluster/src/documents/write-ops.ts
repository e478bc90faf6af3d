import type { WriteConditions } from './versioning';

/** One write as `_bulk` and the single-document APIs express it. */
export interface WriteOp extends WriteConditions {
  action: 'index' | 'create' | 'delete';
  /** Index or alias name as given. */
  index: string;
  id?: string;
  routing?: string;
  /** The document as sent (kept verbatim as `_source`). */
  source?: string;
  /** The parsed document, when the caller already has it. */
  doc?: Record<string, unknown>;
  /** The ingest pipeline to run the document through (`_none`: not even the index's default). */
  pipeline?: string;
  /** Internal hook for `_update`: which result word to report. */
  resultWord?: string;
}

/** The outcome of one write, shaped as a `_bulk` item body. */
export interface WriteResult {
  status: number;
  item: Record<string, unknown>;
  /** Set when the write failed; single-document APIs throw it. */
  error?: import('@ferry/core').AppError;
  /** Where it landed (for refresh=true/wait_for). */
  indexName?: string;
  shard?: number;
}
