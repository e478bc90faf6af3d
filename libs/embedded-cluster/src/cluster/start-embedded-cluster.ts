import type { Logger } from '@ferry/core';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHttpServer, listen } from '../http/server';
import type { ClusterFlavor } from '../flavor/flavor';
import { ClusterNode } from '../node/cluster-node';
import { buildRouter } from './build-router';

/** Options of {@link startEmbeddedCluster}. */
export interface EmbeddedClusterOptions {
  /** Cluster name (`cluster_name` of `GET /`) and node name. */
  name: string;
  /** Folder holding the cluster's SQLite database; created if missing. */
  dataDir: string;
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind; 127.0.0.1 by default. */
  host?: string;
  /** Where unexpected errors are logged. */
  logger?: Logger;
  /** The family and major version answered as (root, point-in-time, errors); `opensearch-3` by default. */
  flavor?: ClusterFlavor;
}

/** A running embedded cluster. */
export interface EmbeddedCluster {
  name: string;
  /** Base URL, e.g. `http://127.0.0.1:53211`. */
  url: string;
  port: number;
  /**
   * The cluster's request listener, for a host in the same process (the gateway's pass-through) to
   * serve requests without a second HTTP hop.
   */
  handler: (req: IncomingMessage, res: ServerResponse) => void;
  /** Stops the HTTP server (dropping idle keep-alive connections) and closes the database. */
  close(): Promise<void>;
}

/**
 * Starts a single-node OpenSearch-compatible cluster on SQLite: data persists under `dataDir`, every
 * acknowledged write is committed before the answer, and the REST API follows OpenSearch 2.x.
 */
export async function startEmbeddedCluster(options: EmbeddedClusterOptions): Promise<EmbeddedCluster> {
  const node = new ClusterNode({ name: options.name, dataDir: options.dataDir, logger: options.logger });
  const server = createHttpServer(buildRouter(node, options.flavor), { logger: options.logger, flavor: options.flavor });
  const host = options.host ?? '127.0.0.1';
  let port: number;
  try {
    port = await listen(server, options.port ?? 0, host);
  } catch (err) {
    node.close();
    throw err;
  }
  node.start();
  let closing: Promise<void> | undefined;
  return {
    name: options.name,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    handler: (req, res) => void server.emit('request', req, res),
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => {
          node.close();
          resolve();
        });
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
