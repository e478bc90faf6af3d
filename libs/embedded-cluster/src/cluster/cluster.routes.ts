import type { Request } from '../http/request';
import { json, type Reply } from '../http/respond';
import type { Router } from '../http/router';
import type { IndexMeta } from '../indices/index-meta';
import { resolveOptionsOf } from '../indices/resolve';
import type { ClusterNode } from '../node/cluster-node';
import { indexHealth, shardCounts, worst } from './health';
import { healthCondition, type HealthFigures, waitForHealth } from './health-wait';
import { TAGLINE, VERSION } from './version';

function healthBody(node: ClusterNode, metas: IndexMeta[], req: Request): Record<string, unknown> {
  const status = worst(metas.map(indexHealth));
  const c = shardCounts(metas);
  const total = c.active + c.unassigned;
  const body: Record<string, unknown> = {
    cluster_name: node.clusterName,
    status,
    timed_out: false,
    number_of_nodes: 1,
    number_of_data_nodes: 1,
    discovered_master: true,
    discovered_cluster_manager: true,
    active_primary_shards: c.primaries,
    active_shards: c.active,
    relocating_shards: 0,
    initializing_shards: 0,
    unassigned_shards: c.unassigned,
    delayed_unassigned_shards: 0,
    number_of_pending_tasks: 0,
    number_of_in_flight_fetch: 0,
    task_max_waiting_in_queue_millis: 0,
    active_shards_percent_as_number: total === 0 ? 100 : (c.active / total) * 100,
  };
  const level = req.query.get('level');
  if (level === 'indices' || level === 'shards') {
    body.indices = Object.fromEntries(metas.map((m) => [m.name, indexHealthEntry(m, level === 'shards')]));
  }
  return body;
}

function indexHealthEntry(m: IndexMeta, withShards: boolean): Record<string, unknown> {
  const c = shardCounts([m]);
  const entry: Record<string, unknown> = {
    status: indexHealth(m),
    number_of_shards: m.shards.length,
    number_of_replicas: Number(m.settings['index.number_of_replicas'] ?? 1),
    active_primary_shards: c.primaries,
    active_shards: c.active,
    relocating_shards: 0,
    initializing_shards: 0,
    unassigned_shards: c.unassigned,
  };
  if (withShards) {
    entry.shards = Object.fromEntries(
      m.shards.map((_, i) => [String(i), { status: indexHealth(m), primary_active: true, active_shards: 1, relocating_shards: 0, initializing_shards: 0, unassigned_shards: c.unassigned / m.shards.length }]),
    );
  }
  return entry;
}

async function health(node: ClusterNode, req: Request, expr?: string): Promise<Reply> {
  const read = () => {
    const metas = expr ? node.resolve(expr, resolveOptionsOf(req.query, { expandWildcards: 'all' })) : node.registry.all();
    return healthBody(node, metas, req) as Record<string, unknown> & HealthFigures;
  };
  const met = healthCondition(req.query);
  if (!met) return json(read());
  const { health: body, timedOut } = await waitForHealth(read, met, req.query.get('timeout'));
  body.timed_out = timedOut;
  return json(body, timedOut ? 408 : 200);
}

/** `GET /`, `HEAD /` and `_cluster/health`. */
export function registerClusterRoutes(router: Router, node: ClusterNode): void {
  router.add('GET', '/', () =>
    json({ name: node.clusterName, cluster_name: node.clusterName, cluster_uuid: node.clusterUuid, version: VERSION, tagline: TAGLINE }),
  );
  router.add('GET', '/_cluster/health', (req) => health(node, req));
  router.add('GET', '/_cluster/health/{index}', (req, p) => health(node, req, p.index));
}
