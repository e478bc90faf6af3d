import { defaultRoutingNumShards, type IndexMeta, intSetting, routingNumShards } from '../indices/index-meta';
import { shardFor } from './routing';

/** The shard a document with this id and optional routing lives in. */
export function shardForDoc(meta: IndexMeta, id: string, routing?: string): number {
  // The shards the index has: equal to its setting, except for an index loaded with settings that do not validate.
  const numberOfShards = meta.shards.length;
  if (numberOfShards === 1) return 0;
  if (meta.failure) return shardFor({ id, routing, numberOfShards, routingNumShards: defaultRoutingNumShards(numberOfShards), partitionSize: 1 });
  const partitionSize = intSetting(meta.settings, 'index.routing_partition_size', 1, 1);
  return shardFor({ id, routing, numberOfShards, routingNumShards: routingNumShards(meta), partitionSize });
}
