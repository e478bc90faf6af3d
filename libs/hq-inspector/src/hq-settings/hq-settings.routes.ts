import type { Request } from 'express';
import type { ClusterCaller } from '../cluster-access/cluster-caller';
import { HqRouter, type RouteInfo } from '../http/hq-router';
import { hqJsonBody, objectBody } from '../http/input';
import type { HqSettingsStore } from './hq-settings.store';

const c = (req: Request) => String(req.params.cluster);

/** `/api/hq/<c>/_settings`: HQ's per-cluster settings, kept in Ferry's store, never written into the cluster. */
export function createHqSettingsRouter(o: { caller: ClusterCaller; settings: HqSettingsStore; bodyLimitBytes: number; table: RouteInfo[] }): HqRouter {
  const r = new HqRouter('/api/hq', o.table);
  r.router.use(hqJsonBody(o.bodyLimitBytes));
  return r
    .route(['get'], '/:cluster/_settings', 'hq_settings', async (req) => {
      await o.caller.connection(c(req));
      return o.settings.get(c(req));
    })
    .route(['put'], '/:cluster/_settings', 'hq_settings_put', async (req) => {
      await o.caller.connection(c(req));
      return o.settings.update(c(req), objectBody(req.body));
    })
    .route(['delete'], '/:cluster/_settings', 'hq_settings_delete', async (req) => {
      await o.caller.connection(c(req));
      await o.settings.reset(c(req));
      return { acknowledged: true };
    });
}
