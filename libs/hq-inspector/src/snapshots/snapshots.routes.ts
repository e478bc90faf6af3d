import type { Request } from 'express';
import type { ClusterCaller } from '../cluster-access/cluster-caller';
import { seg } from '../cluster-access/cluster-caller';
import { HqRouter, type RouteInfo } from '../http/hq-router';

const c = (req: Request) => String(req.params.cluster);

/** `/api/repositories/<c>`: `[{repository_name, repository_type}]`. */
export function createRepositoriesRouter(o: { caller: ClusterCaller; table: RouteInfo[] }): HqRouter {
  return new HqRouter('/api/repositories', o.table).route(['get'], '/:cluster', 'repositories', async (req) => {
    const repos = await o.caller.call<Record<string, { type?: string }>>(c(req), { path: '/_snapshot' });
    return Object.entries(repos).map(([name, r]) => ({ repository_name: name, repository_type: r?.type ?? null }));
  });
}

/** `/api/snapshots/<c>/repository/<r>`: the `snapshots` array, waiting up to 120 s as HQ does. */
export function createSnapshotsRouter(o: { caller: ClusterCaller; timeoutMs: number; table: RouteInfo[] }): HqRouter {
  return new HqRouter('/api/snapshots', o.table).route(['get'], '/:cluster/repository/:repository', 'snapshots', async (req) => {
    const res = await o.caller.call<{ snapshots?: unknown[] }>(c(req), {
      path: `/_snapshot/${seg(String(req.params.repository))}/_all`,
      timeoutMs: o.timeoutMs,
    });
    return res.snapshots ?? [];
  });
}
