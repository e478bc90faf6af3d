import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLogger } from '@ferry/core';
import { type EmbeddedCluster, startEmbeddedCluster } from '../index';
import { ClusterNode } from './cluster-node';

/** A logger whose JSON lines are kept for assertions. */
function capturingLogger(): { logger: ReturnType<typeof createLogger>; lines: () => Record<string, unknown>[] } {
  const raw: string[] = [];
  const logger = createLogger({ level: 'warn', destination: { write: (s: string) => void raw.push(s) } });
  return { logger, lines: () => raw.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

async function call(cluster: EmbeddedCluster, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${cluster.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

/** Writes settings into the stored index row, as a version that did not validate them would have. */
function storeSettings(dataDir: string, index: string, changes: Record<string, string>): void {
  const db = new Database(join(dataDir, 'cluster.db'));
  const row = db.prepare('SELECT settings FROM indices WHERE name = ?').get(index) as { settings: string };
  db.prepare('UPDATE indices SET settings = ? WHERE name = ?').run(JSON.stringify({ ...JSON.parse(row.settings), ...changes }), index);
  db.close();
}

describe('a crash never repeats on restart', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'ferry-ec-crash-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it.each([
    [{ 'index.refresh_interval': 'bogus' }, 'failed to parse setting [index.refresh_interval] with value [bogus] as a time value: unit is missing or unrecognized'],
    [{ 'index.number_of_shards': '1000000000' }, 'Failed to parse value [1000000000] for setting [index.number_of_shards] must be <= 1024'],
    [{ 'index.gc_deletes': 'x' }, 'failed to parse setting [index.gc_deletes] with value [x] as a time value: unit is missing or unrecognized'],
  ])('a data dir holding %j restarts, serves, and marks only that index failed', async (bad, reason) => {
    const first = await startEmbeddedCluster({ name: 'old', dataDir });
    await call(first, 'PUT', '/old', { settings: { number_of_replicas: 0 } });
    await call(first, 'PUT', '/fine', { settings: { number_of_replicas: 0 } });
    await call(first, 'PUT', '/old/_doc/1?refresh=true', { a: 1 });
    await first.close();
    storeSettings(dataDir, 'old', bad);

    const { logger, lines } = capturingLogger();
    const cluster = await startEmbeddedCluster({ name: 'old', dataDir, logger });
    try {
      await sleep(350); // several ticks, each of which used to throw
      expect((await call(cluster, 'GET', '/')).status).toBe(200);
      expect((await call(cluster, 'GET', '/old/_doc/1')).json).toMatchObject({ found: true, _source: { a: 1 } });
      expect((await call(cluster, 'PUT', '/fine/_doc/2?refresh=true', { b: 2 })).status).toBe(201);
      const health = await call(cluster, 'GET', '/_cluster/health?level=indices');
      expect(health.json.indices.old.status).toBe('red');
      expect(health.json.indices.fine.status).toBe('green');
      expect(lines()).toContainEqual(expect.objectContaining({ index: 'old', reason: `stored settings are invalid: ${reason}` }));
    } finally {
      await cluster.close();
    }
  });

  it('a data dir holding a mapping deeper than the limit restarts, serves it, and marks the index', async () => {
    const first = await startEmbeddedCluster({ name: 'old', dataDir });
    await call(first, 'PUT', '/deep', { settings: { number_of_replicas: 0 } });
    await first.close();
    const db = new Database(join(dataDir, 'cluster.db'));
    db.prepare('UPDATE indices SET mappings = ? WHERE name = ?').run('{"properties":{"a":'.repeat(25) + '{"type":"long"}' + '}}'.repeat(25), 'deep');
    db.close();
    const cluster = await startEmbeddedCluster({ name: 'old', dataDir });
    try {
      for (const path of ['/_mapping', '/_cluster/state', '/_cluster/stats']) expect([path, (await call(cluster, 'GET', path)).status]).toEqual([path, 200]);
      const health = await call(cluster, 'GET', '/_cluster/health?level=indices');
      expect(health.json.indices.deep.status).toBe('red');
      await call(cluster, 'PUT', '/deep/_settings', { refresh_interval: '2s' });
      expect((await call(cluster, 'GET', '/_cluster/health')).json.status).toBe('red');
      await call(cluster, 'PUT', '/deep/_settings', { 'index.mapping.depth.limit': 30 });
      expect((await call(cluster, 'GET', '/_cluster/health')).json.status).toBe('green');
    } finally {
      await cluster.close();
    }
  });

  it('a valid _settings update clears the failure', async () => {
    const first = await startEmbeddedCluster({ name: 'old', dataDir });
    await call(first, 'PUT', '/old', { settings: { number_of_replicas: 0 } });
    await first.close();
    storeSettings(dataDir, 'old', { 'index.refresh_interval': 'bogus' });
    const cluster = await startEmbeddedCluster({ name: 'old', dataDir });
    try {
      expect((await call(cluster, 'PUT', '/old/_settings', { index: { refresh_interval: '1s' } })).status).toBe(200);
      expect((await call(cluster, 'GET', '/_cluster/health')).json.status).toBe('green');
    } finally {
      await cluster.close();
    }
  });

  it('a periodic refresh that throws marks its index failed and the tick goes on for the others', async () => {
    const { logger, lines } = capturingLogger();
    const node = new ClusterNode({ name: 'tick', dataDir, logger });
    try {
      const broken = node.registry.create({ name: 'broken', settings: { number_of_replicas: 0 } });
      const healthy = node.registry.create({ name: 'healthy', settings: { number_of_replicas: 0, refresh_interval: '100ms' } });
      broken.settings['index.refresh_interval'] = 'bogus'; // what an unvalidated write used to leave behind
      node.start();
      node.write([{ action: 'index', index: 'healthy', id: '1', source: '{"a":1}' }]);
      await sleep(400);
      expect(broken.failure).toBe('periodic refresh failed: failed to parse setting [index.refresh_interval] with value [bogus] as a time value: unit is missing or unrecognized');
      expect(healthy.failure).toBeUndefined();
      expect(healthy.shards[0].refreshed).toBe(healthy.shards[0].maxSeq);
      expect(lines()).toContainEqual(expect.objectContaining({ index: 'broken', msg: 'embedded cluster index marked failed' }));
    } finally {
      node.close();
    }
  });
});
