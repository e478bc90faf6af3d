import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@opensearch-project/opensearch';
import { type ClusterFlavor, type EmbeddedCluster, startEmbeddedCluster } from '../index';

/** A started cluster, an official client on it, and cleanup. */
export interface ClusterFixture {
  cluster: EmbeddedCluster;
  client: Client;
  dataDir: string;
  /** Raw HTTP helper for checks the client hides (status, headers). */
  raw(method: string, path: string, body?: unknown): Promise<{ status: number; headers: Headers; json: any; text: string }>;
  close(): Promise<void>;
}

/** Starts a cluster in a temp folder (or `dataDir`). */
export async function startFixture(options: { name?: string; dataDir?: string; flavor?: ClusterFlavor } = {}): Promise<ClusterFixture> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'ferry-ec-'));
  const cluster = await startEmbeddedCluster({ name: options.name ?? 'test', dataDir, flavor: options.flavor });
  const client = new Client({ node: cluster.url });
  return {
    cluster,
    client,
    dataDir,
    async raw(method, path, body) {
      const isNd = typeof body === 'string';
      const res = await fetch(`${cluster.url}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': isNd ? 'application/x-ndjson' : 'application/json' },
        body: body === undefined ? undefined : isNd ? (body as string) : JSON.stringify(body),
      });
      const text = await res.text();
      let json: unknown;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      return { status: res.status, headers: res.headers, json, text };
    },
    async close() {
      await client.close();
      await cluster.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
