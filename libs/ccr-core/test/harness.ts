import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@opensearch-project/opensearch';
import { createTestGateway, type TestGateway } from '@ferry/core';
import { clustersModule, localPassThrough } from '@ferry/clusters';
import { startEmbeddedCluster, type ClusterFlavor, type EmbeddedCluster } from '@ferry/embedded-cluster';
import { ccrPlugin } from '../src';

/** Fast intervals so tests do not wait for production defaults. */
export const FAST_CCR = {
  pollIntervalMs: 50,
  metadataSyncIntervalMs: 300,
  autofollowPollIntervalMs: 200,
  retryInitialMs: 50,
  retryMaxMs: 400,
  batchSize: 200,
  reconcileSliceDocs: 100,
  reconcileIntervalMs: 100,
};

/** Two embedded clusters (leader, local) and temp dirs. */
export interface Peers {
  leader: EmbeddedCluster;
  local: EmbeddedCluster;
  leaderClient: Client;
  localClient: Client;
  dir: string;
  close(): Promise<void>;
}

/** Starts the peers; the leader may answer as another family (`leaderFlavor`). */
export async function startPeers(options: { leaderFlavor?: ClusterFlavor } = {}): Promise<Peers> {
  const dir = mkdtempSync(join(tmpdir(), 'ccr-peers-'));
  const leader = await startEmbeddedCluster({ name: 'leader', dataDir: join(dir, 'leader'), flavor: options.leaderFlavor });
  const local = await startEmbeddedCluster({ name: 'local', dataDir: join(dir, 'local') });
  const leaderClient = new Client({ node: leader.url });
  const localClient = new Client({ node: local.url });
  return {
    leader,
    local,
    leaderClient,
    localClient,
    dir,
    async close() {
      await leaderClient.close();
      await localClient.close();
      await leader.close();
      await local.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The gateway config pointing at the peers. */
export function gatewayConfig(peers: Pick<Peers, 'leader' | 'local'>, ccr: Record<string, unknown> = {}) {
  return {
    clusters: { local: 'local', connections: { local: { url: peers.local.url }, leader: { url: peers.leader.url } } },
    ccr: { ...FAST_CCR, ...ccr },
  };
}

/** A gateway in-process with the ccr plugin, and an official client against it. */
export async function startGateway(peers: Peers, options: { ccr?: Record<string, unknown>; config?: Record<string, unknown>; dataDir?: string } = {}) {
  const gw: TestGateway = await createTestGateway({
    modules: [clustersModule()],
    plugins: [ccrPlugin],
    fallback: localPassThrough(),
    config: { ...gatewayConfig(peers, options.ccr), ...(options.config ?? {}) },
    dataDir: options.dataDir,
  });
  const client = new Client({ node: gw.url });
  return {
    gw,
    client,
    async close() {
      await client.close();
      await gw.close();
    },
  };
}

/** Polls `fn` until it returns a truthy value or the time is up. */
export async function waitFor<T>(fn: () => Promise<T>, options: { timeoutMs?: number; intervalMs?: number; what?: string } = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
      last = v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${options.what ?? 'condition'}: ${String((last as Error)?.message ?? JSON.stringify(last))}`);
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 50));
  }
}

/** A stable hash of a document's `_source`. */
export function sourceHash(source: unknown): string {
  return createHash('sha1').update(JSON.stringify(source)).digest('hex');
}

/** True when two `_id` → `_source` hash maps hold the same documents. */
export function sameDocs(a: Map<string, string>, b: Map<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [id, h] of a) if (b.get(id) !== h) return false;
  return true;
}

/** Every `_id` of an index with a hash of its `_source`, read with a scroll. */
export async function snapshot(client: Client, index: string): Promise<Map<string, string>> {
  await client.indices.refresh({ index });
  const out = new Map<string, string>();
  let res: any = await client.search({ index, scroll: '1m', body: { size: 1000, sort: ['_doc'] } } as never);
  try {
    for (;;) {
      const hits = res.body.hits.hits as any[];
      for (const h of hits) out.set(h._id, sourceHash(h._source));
      if (hits.length === 0) return out;
      res = await client.scroll({ scroll_id: res.body._scroll_id, scroll: '1m' } as never);
    }
  } finally {
    await client.clearScroll({ scroll_id: res.body._scroll_id } as never).catch(() => undefined);
  }
}

/** Resolves once follower holds exactly the leader's documents (same ids, same sources). */
export async function converged(leader: Client, leaderIndex: string, follower: Client, followerIndex: string): Promise<boolean> {
  const [a, b] = await Promise.all([snapshot(leader, leaderIndex), snapshot(follower, followerIndex)]);
  return sameDocs(a, b);
}

/** Error body of a failed client call. */
export function errorOf(err: unknown): { status: number; type: string; reason: string } {
  const e = err as { meta?: { statusCode?: number; body?: any } };
  return { status: e.meta?.statusCode ?? 0, type: e.meta?.body?.error?.type, reason: e.meta?.body?.error?.reason };
}

/** Awaits a client call that must fail; returns its status, type and reason. */
export async function failure(p: Promise<unknown>): Promise<{ status: number; type: string; reason: string }> {
  try {
    await p;
  } catch (err) {
    return errorOf(err);
  }
  throw new Error('expected the call to fail');
}

/** Bulk-indexes `n` documents `prefix-i` into `index`. */
export async function indexDocs(client: Client, index: string, from: number, to: number, extra: Record<string, unknown> = {}): Promise<void> {
  const body: unknown[] = [];
  for (let i = from; i < to; i++) body.push({ index: { _index: index, _id: `d${i}` } }, { n: i, title: `doc ${i}`, ...extra });
  const res = await client.bulk({ body: body as never, refresh: 'false' } as never);
  if ((res.body as any).errors) throw new Error(`bulk failed: ${JSON.stringify((res.body as any).items.find((i: any) => i.index?.error))}`);
}
