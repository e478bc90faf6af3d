import type { ServerResponse } from 'node:http';
import type { PassThroughRequest } from '@ferry/core';
import { sendJson } from './answer';
import type { HandlerContext } from './index-handlers';

interface ShardCopy {
  routing?: { primary?: boolean };
  polling_ingest_stats?: unknown;
}

type StatsAnswer = { indices?: Record<string, { shards?: Record<string, ShardCopy[]> }> };

/** `GET /<index>/_stats`: the cluster's answer with `polling_ingest_stats` in each primary shard entry. */
export async function getStats(ctx: HandlerContext, req: PassThroughRequest, res: ServerResponse): Promise<void> {
  const answer = await ctx.local.call('GET', req.path, req.query);
  const body = answer.body as StatsAnswer;
  if (answer.status < 300 && body?.indices) {
    const now = Date.now();
    for (const [name, index] of Object.entries(body.indices)) {
      const entry = ctx.service.get(name);
      if (!entry || !index.shards) continue;
      for (const [shard, copies] of Object.entries(index.shards)) {
        const poller = entry.pollers[Number(shard)];
        if (!poller) continue;
        for (const copy of copies) {
          if (copy.routing?.primary === false) continue;
          copy.polling_ingest_stats = poller.stats.toJSON({ now, paused: poller.paused || poller.writeBlock });
        }
      }
    }
  }
  sendJson(res, answer.status, answer.body);
}
