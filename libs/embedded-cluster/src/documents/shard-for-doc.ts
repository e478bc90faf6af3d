import { type IndexMeta, intSetting, routingNumShards, shardCount } from '../indices/index-meta';
import { shardFor } from './routing';

/** The shard a document with this id and optional routing lives in. */
export function shardForDoc(meta: IndexMeta, id: string, routing?: string): number {
  const numberOfShards = shardCount(meta);
  if (numberOfShards === 1) return 0;
  const partitionSize = intSetting(meta.settings, 'index.routing_partition_size', 1, 1);
  return shardFor({ id, routing, numberOfShards, routingNumShards: routingNumShards(meta), partitionSize });
}
