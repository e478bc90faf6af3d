import { NotFoundError } from '@ferry/core';
import type { ClusterCaller } from '../cluster-access/cluster-caller';
import { HqRouter, type RouteInfo } from '../http/hq-router';
import { REST_COMMANDS } from './rest-commands';

/** What `/api/rest` needs beyond the caller: the composite answers some commands reuse. */
export interface RestRoutesOptions {
  caller: ClusterCaller;
  table: RouteInfo[];
  /** Composite answers some commands reuse, per cluster. */
  context: Record<'nodesInfo' | 'status' | 'clusterSummary' | 'clusterList', (cluster: string) => Promise<unknown>>;
}

/** `GET /api/rest/<c>/<command>`: HQ's whitelist only; an unknown command is a 404 naming the valid ones. */
export function createRestRouter(o: RestRoutesOptions): HqRouter {
  return new HqRouter('/api/rest', o.table).route(['get'], '/:cluster/:command', 'rest', async (req) => {
    const cluster = String(req.params.cluster);
    const command = REST_COMMANDS[String(req.params.command)];
    if (!command) {
      throw new NotFoundError(`Unknown command '${String(req.params.command)}': use one of ${Object.keys(REST_COMMANDS).join(', ')}.`);
    }
    await o.caller.connection(cluster);
    return command({
      caller: o.caller,
      cluster,
      nodesInfo: () => o.context.nodesInfo(cluster),
      status: () => o.context.status(cluster),
      clusterSummary: () => o.context.clusterSummary(cluster),
      clusterList: () => o.context.clusterList(cluster),
    });
  });
}
