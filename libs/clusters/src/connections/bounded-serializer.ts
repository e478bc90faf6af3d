import { errors, Serializer } from '@opensearch-project/opensearch';
import { jsonDepthExceeds, MAX_ANSWER_DEPTH } from '@ferry/core';

/** What {@link BoundedSerializer} throws: a replication worker treats it as permanent, not as an outage. */
export class JsonTooDeepError extends errors.DeserializationError {
  constructor() {
    super(`the cluster answered JSON nested deeper than ${MAX_ANSWER_DEPTH} levels`, '');
    this.name = 'JsonTooDeepError';
  }
}

/**
 * The client's serializer, refusing answers nested deeper than {@link MAX_ANSWER_DEPTH}: code that
 * walks an answer (settings flattening, metadata copies) recurses, and a cluster may answer anything.
 */
export class BoundedSerializer extends Serializer {
  override deserialize(json: string): unknown {
    if (jsonDepthExceeds(json, MAX_ANSWER_DEPTH)) throw new JsonTooDeepError();
    return super.deserialize(json);
  }
}
