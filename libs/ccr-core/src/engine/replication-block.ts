import type { Logger } from '@ferry/core';
import { seg, type Rest } from '../rest/rest';

/** Ferry's embedded cluster refuses direct writes to an index with this setting (the plugin's follower block). */
export const REPLICATION_BLOCK_SETTING = 'index.blocks.replication';

/**
 * Sets (or removes) the follower block on the local cluster, so a client writing to the local cluster's own
 * port is refused too. A real OpenSearch answers 400 for this unknown setting: then only the gateway's
 * pass-through guard applies, which is expected, hence debug.
 */
export async function setReplicationBlock(opts: { follower: Rest; index: string; blocked: boolean; logger: Logger }): Promise<void> {
  const body = { [REPLICATION_BLOCK_SETTING]: opts.blocked ? true : null };
  const res = await opts.follower.call({ method: 'PUT', path: `/${seg(opts.index)}/_settings`, body, ignore: [400, 404] });
  if (res.status === 400) opts.logger.debug({ index: opts.index }, 'local cluster does not know index.blocks.replication; the gateway guard alone applies');
}
