import type { ConnectionsService } from '../connections/connections.service';
import { HqRouter, type RouteInfo } from '../http/hq-router';

/** HQ's `/api/status` payload, built without HQ's call to elastichq.org. */
export async function hqStatus(o: { connections: ConnectionsService; version: string; defaultUrl: string }): Promise<Record<string, unknown>> {
  return {
    name: 'ElasticHQ',
    installed_version: o.version,
    // HQ fetched http://www.elastichq.org/currversion.json here; Ferry never calls the internet.
    current_stable_version: o.version,
    tagline: 'You know, for Elasticsearch',
    clusters: await o.connections.list(),
    default_url: o.defaultUrl,
  };
}

/** `GET /api/status`. */
export function createStatusRouter(o: { connections: ConnectionsService; version: string; defaultUrl: string; table: RouteInfo[] }): HqRouter {
  return new HqRouter('/api/status', o.table).route(['get'], '/', 'status', () => hqStatus(o));
}

/** `GET /api/routes`: every HQ route of this plugin, sorted by url, arguments as `[arg]`. */
export function createRoutesRouter(o: { table: RouteInfo[] }): HqRouter {
  return new HqRouter('/api/routes', o.table).route(['get'], '/', 'routes', async () =>
    [...o.table].sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : a.methods.localeCompare(b.methods))),
  );
}
