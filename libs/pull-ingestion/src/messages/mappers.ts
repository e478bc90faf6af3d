import { messagePointer, type SourceRecord } from '../sources/consumer';

/** A write derived from one message. */
export interface MappedOperation {
  op: 'index' | 'create' | 'delete';
  /** Absent: the cluster generates one (OpenSearch's auto-id). */
  id?: string;
  /** External version (digits), when the message carries `_version`. */
  version?: string;
  source?: Record<string, unknown>;
  /** Its `_bulk` lines, when written ahead of the request (see `prepareRecords`). */
  ndjson?: string;
}

/**
 * A message the poller could not decode (malformed JSON, not an object): OpenSearch's POLLING-stage
 * failure, counted as a poller message failure.
 */
export class MessageDecodeError extends Error {
  override readonly name = 'MessageDecodeError';
}

/**
 * A decoded message that cannot be written (bad `_id`, `_version`, `_op_type` or `_source`): OpenSearch's
 * IllegalArgumentException in the processor, never retried.
 */
export class InvalidMessageError extends Error {
  override readonly name = 'InvalidMessageError';
}

/** A delete without `_id`: OpenSearch turns it into a no-op and counts an invalid message. */
export class SkippedMessage extends Error {
  override readonly name = 'SkippedMessage';
}

/** Turns one record into a write. */
export type MessageMapper = (record: SourceRecord, shard: number) => MappedOperation;

function decode(record: SourceRecord): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(record.payload.toString('utf8'));
  } catch (err) {
    throw new MessageDecodeError(`Failed to parse message at ${messagePointer(record.pointer).display}: ${(err as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new MessageDecodeError(`Message at ${messagePointer(record.pointer).display} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'ArrayList';
  return { number: Number.isInteger(value) ? 'Integer' : 'Double', boolean: 'Boolean', object: 'LinkedHashMap' }[typeof value as string] ?? typeof value;
}

function opType(value: unknown): MappedOperation['op'] {
  if (value === undefined) return 'index';
  if (typeof value !== 'string') throw new InvalidMessageError(`_op_type field is of type ${typeName(value)} but not string. Invalid message.`);
  const op = value.toLowerCase();
  if (op === 'index' || op === 'create' || op === 'delete') return op;
  if (op === 'update') throw new InvalidMessageError('Unsupported operation');
  throw new InvalidMessageError(`Unknown opType:[${value}]`);
}

/** OpenSearch's default envelope: `{"_id":"1","_version":"1","_op_type":"index","_source":{...}}`. */
export const defaultMapper: MessageMapper = (record) => {
  const m = decode(record);
  const op = opType(m._op_type);
  const id = m._id;
  if (id !== undefined && typeof id !== 'string') throw new InvalidMessageError(`_id field is of type ${typeName(id)} but not string. Invalid message.`);
  const version = m._version;
  if (version !== undefined && (typeof version !== 'string' || !/^\d+$/.test(version))) {
    throw new InvalidMessageError(`_version field must be a string of digits, got ${typeName(version)} [${String(version)}]. Invalid message.`);
  }
  if (op === 'delete') {
    if (id === undefined) throw new SkippedMessage('Delete operation is missing ID. Skipping message.');
    return { op, id, version };
  }
  if (m._source === undefined) throw new InvalidMessageError('Missing _source field. Invalid message');
  if (m._source === null || typeof m._source !== 'object' || Array.isArray(m._source)) {
    throw new InvalidMessageError('_source field does not contain a map. Invalid message');
  }
  return { op, id, version, source: m._source as Record<string, unknown> };
};

/** `raw_payload`: the whole message is the document; `_id` = `<shard>-<pointer>`, so replays are idempotent. */
export const rawPayloadMapper: MessageMapper = (record, shard) => ({ op: 'index', id: `${shard}-${messagePointer(record.pointer).value}`, source: decode(record) });

/** The mapper for `mapper_type`. */
export function mapperFor(type: 'default' | 'raw_payload'): MessageMapper {
  return type === 'raw_payload' ? rawPayloadMapper : defaultMapper;
}
