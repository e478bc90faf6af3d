import { errors, Serializer } from '@opensearch-project/opensearch';
import { jsonDepthExceeds, MAX_ANSWER_DEPTH } from '@ferry/core';

/**
 * The client's serializer, refusing answers nested deeper than {@link MAX_ANSWER_DEPTH}: code that
 * walks an answer (settings flattening, metadata copies) recurses, and a cluster may answer anything.
 */
export class BoundedSerializer extends Serializer {
  override deserialize(json: string): unknown {
    if (jsonDepthExceeds(json, MAX_ANSWER_DEPTH)) {
      throw new errors.DeserializationError(`the cluster answered JSON nested deeper than ${MAX_ANSWER_DEPTH} levels`, '');
    }
    return super.deserialize(json);
  }
}
