import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { AppError, ConflictError, NotFoundError, validationFailure, type Logger } from '@ferry/core';
import { authHeaders, clusterConnectionInputSchema, probeCluster, type ClusterConnection, type ClusterInfo, type ClusterRegistry, type ClusterTls } from '@ferry/clusters';
import type { ClusterCaller } from '../cluster-access/cluster-caller';
import { clusterError } from '../cluster-access/cluster-errors';
import type { HqSettingsStore } from '../hq-settings/hq-settings.store';
import { connectTarget, type ConnectTarget } from './connect-target';
import type { ClusterDto, ConnectBody } from './connections.schemas';

/** What {@link ConnectionsService} needs. */
export interface ConnectionsServiceOptions {
  registry: ClusterRegistry;
  caller: ClusterCaller;
  settings: HqSettingsStore;
  /** How long the list waits for each cluster's health. */
  pingTimeoutMs: number;
  logger: Logger;
}

/** HQ's connection pool, kept by the cluster registry (persisted, secrets never shown). */
export class ConnectionsService {
  constructor(private readonly o: ConnectionsServiceOptions) {}

  /**
   * `POST _connect`: probe `GET /`, name the connection (body `name`, else the cluster's own name) and
   * store it. A name already used by another cluster (other `cluster_uuid`) is a 409, never an overwrite.
   */
  async connect(body: ConnectBody): Promise<ClusterDto> {
    const target = connectTarget(body);
    assertConnectable(target, body);
    const info = await this.probe(body.name ?? target.url, target, body);
    const name = body.name ?? info.clusterName;
    const existing = await this.o.registry.get(name);
    if (existing && !sameCluster(existing, info, target.url)) {
      throw new ConflictError(
        `A connection named '${name}' already exists for another cluster (${existing.url}, cluster_uuid ${existing.clusterUuid ?? 'unknown'}); ` +
          `connect this one with a different "name".`,
      );
    }
    const view = await this.o.registry.upsert(
      { name, url: target.url, auth: target.auth, tls: body.tls, timeoutMs: body.timeoutMs ?? existing?.timeoutMs },
      { probe: true, source: 'api' },
    );
    this.o.logger.info({ cluster: name, url: view.url, uuid: view.clusterUuid }, 'cluster connected');
    return toDto(view, { connected: true, health: null, settings: null });
  }

  /** `DELETE <c>/_connect`; the gateway's own local cluster stays. */
  async disconnect(name: string): Promise<void> {
    if (!(await this.o.registry.get(name))) throw new NotFoundError(`There is no connection with alias '${name}'.`);
    if (name === this.o.registry.localName) {
      throw new ConflictError(`'${name}' is the gateway's local cluster; it is configured in the 'clusters' section and cannot be disconnected here.`);
    }
    await this.o.registry.remove(name);
    await this.o.settings.reset(name);
  }

  /** `DELETE _all/_connect`: every connection but the local cluster. */
  async disconnectAll(): Promise<void> {
    for (const view of await this.o.registry.list()) if (!view.local) await this.disconnect(view.name);
  }

  /** `GET /api/clusters`: every connection with its health; any HTTP answer counts as connected, as in HQ. */
  async list(): Promise<ClusterDto[]> {
    const views = await this.o.registry.list();
    return Promise.all(views.map((v) => this.describe(v)));
  }

  private async describe(view: ClusterConnection): Promise<ClusterDto> {
    try {
      const health = await this.o.caller.call(view.name, { path: '/_cluster/health', timeoutMs: this.o.pingTimeoutMs });
      return toDto(view, { connected: true, health, settings: await this.o.settings.get(view.name) });
    } catch (err) {
      const status = (err as AppError).status;
      const answered = status === 401 || status === 403;
      return toDto(view, { connected: answered, health: null, settings: answered ? await this.o.settings.get(view.name) : null });
    }
  }

  private async probe(label: string, target: ConnectTarget, body: ConnectBody): Promise<ClusterInfo> {
    const url = new URL(target.url);
    const agent = url.protocol === 'https:' ? new HttpsAgent(tlsOptions(body.tls)) : new HttpAgent();
    const headers = authHeaders({ name: 'probe', url: target.url, auth: target.auth, timeoutMs: 0 } as Parameters<typeof authHeaders>[0]);
    try {
      return await probeCluster(label, { url, headers, agent, timeoutMs: body.timeoutMs ?? 30_000 });
    } catch (err) {
      const e = clusterError(label, err);
      // HQ answers 404 when the host cannot be reached, connect timeouts included.
      throw e.status === 504 ? new NotFoundError(`cluster '${label}' is unreachable: ${e.message}`, { cause: err }) : e;
    } finally {
      agent.destroy();
    }
  }
}

// The probe runs before the registry validates; what the registry would refuse (TLS material Node
// cannot load, a bad URL) is refused here first, as a 400 instead of the probe's 500.
function assertConnectable(target: ConnectTarget, body: ConnectBody): void {
  const checked = clusterConnectionInputSchema.safeParse({ name: 'probe', url: target.url, auth: target.auth, tls: body.tls });
  if (!checked.success) throw validationFailure(checked.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })));
}

function tlsOptions(tls: ClusterTls | undefined) {
  return { ca: tls?.ca, cert: tls?.cert, key: tls?.key, rejectUnauthorized: tls?.verify ?? true };
}

// The same cluster reconnecting (new credentials or address) may replace its own entry.
function sameCluster(existing: ClusterConnection, info: ClusterInfo, url: string): boolean {
  if (existing.clusterUuid && info.clusterUuid) return existing.clusterUuid === info.clusterUuid;
  return existing.url === url;
}

/** HQ's ClusterDTO from a registry view. */
export function toDto(view: ClusterConnection, state: { connected: boolean; health: unknown; settings: unknown }): ClusterDto {
  const url = new URL(view.url);
  const scheme = url.protocol.replace(':', '');
  return {
    cluster_name: view.name,
    cluster_ip: url.hostname,
    cluster_port: url.port || (scheme === 'https' ? '443' : '80'),
    cluster_scheme: scheme,
    cluster_connected: state.connected,
    cluster_host: view.url,
    cluster_version: view.version ?? null,
    cluster_health: state.health,
    cluster_settings: state.settings,
    cluster_real_name: view.clusterName ?? null,
    cluster_uuid: view.clusterUuid ?? null,
    cluster_distribution: view.distribution ?? null,
    cluster_auth_type: view.auth.type,
    cluster_tls: view.tls ?? null,
    cluster_local: view.local,
    cluster_source: view.source,
  };
}
