import { AppError, NotFoundError } from '@ferry/core';
import type { ClusterConnection, ClusterRegistry } from '@ferry/clusters';
import { parseVersion, type ClusterVersion } from '../version/version';
import { clusterError } from './cluster-errors';
import { requestJson } from './cluster-http';

/** One request to a cluster. */
export interface ClusterCall {
  method?: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';
  /** Path below the connection's URL (its prefix is kept by the client), e.g. `/_cluster/health`. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** Overrides the connection's timeout, e.g. 120 s for snapshot listings as in HQ. */
  timeoutMs?: number;
}

/**
 * The one way HQ routes talk to a cluster: the registry's raw HTTP target (its agent, TLS options, auth
 * headers and path prefix), with errors that say what happened and no retries.
 */
export class ClusterCaller {
  constructor(private readonly registry: ClusterRegistry) {}

  /** The connection view; 404 "There is no connection with alias 'X'." when unknown. */
  async connection(cluster: string): Promise<ClusterConnection> {
    const view = await this.registry.get(cluster);
    if (!view) throw new NotFoundError(`There is no connection with alias '${cluster}'.`);
    return view;
  }

  /** Sends one request and returns the parsed body. */
  async call<T = any>(cluster: string, call: ClusterCall): Promise<T> {
    await this.connection(cluster);
    const target = await this.registry.target(cluster);
    return requestJson<T>({ cluster, target, method: call.method ?? 'GET', path: call.path, query: call.query, body: call.body, timeoutMs: call.timeoutMs });
  }

  /** Distribution and version, probing `GET /` once if the connection was registered without a probe. */
  async version(cluster: string): Promise<ClusterVersion> {
    const view = await this.connection(cluster);
    if (view.version) return parseVersion({ number: view.version, distribution: view.distribution });
    try {
      const info = await this.registry.probe(cluster);
      return parseVersion({ number: info.version, distribution: info.distribution });
    } catch (err) {
      if (err instanceof AppError && err.code === 'cluster_unreachable') throw new NotFoundError(err.message, { cause: err });
      throw clusterError(cluster, err);
    }
  }
}

/** URL-encodes one path segment (index names, node ids, repository names). */
export function seg(value: string): string {
  return encodeURIComponent(value);
}
