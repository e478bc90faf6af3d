import type { ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@opensearch-project/opensearch';
import { startEmbeddedCluster, type EmbeddedCluster } from '@ferry/embedded-cluster';
import { kill9, startChildGateway as startChild } from '../../test/child';
import { countDocs, envelope, waitFor } from '../../test/harness';

describe('kill -9 of the gateway while ingesting', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-crash-'));
  let cluster: EmbeddedCluster | undefined;
  let child: ChildProcess | undefined;
  afterAll(async () => {
    if (child) await kill9(child);
    await cluster?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /**
   * Writes `perFile` documents into each of `files` partition files, lets the gateway ingest part of them,
   * kills it with -9 and restarts it; returns the documents counted before the kill and the restarted client.
   */
  async function crashMidway(index: string, shards: number, files: number, extra: Record<string, unknown> = {}) {
    cluster ??= await startEmbeddedCluster({ name: 'local', dataDir: join(dir, 'cluster') });
    const gwDir = join(dir, 'gateway');
    mkdirSync(join(dir, 'streams', index), { recursive: true });
    let gw = await startChild(cluster.url, gwDir);
    child = gw.child;
    let client = new Client({ node: gw.url });
    await client.indices.create({
      index,
      body: {
        settings: {
          index: { number_of_shards: shards },
          ingestion_source: { type: 'file', pointer: { init: { reset: 'earliest' } }, poll: { max_batch_size: 50 }, param: { stream: index, base_directory: join(dir, 'streams') }, ...extra } as never,
        },
      },
    });
    const perFile = Math.floor(4000 / files);
    const total = perFile * files;
    for (let file = 0; file < files; file++) {
      const lines = Array.from({ length: perFile }, (_, i) => envelope(`${file}-${i}`, { i }, { _version: '1' }));
      appendFileSync(join(dir, 'streams', index, `${file}.ndjson`), `${lines.join('\n')}\n`);
    }
    const before = await waitFor(async () => {
      const n = await countDocs(client, index);
      return n > 200 ? n : 0;
    }, 'ingestion under way');
    await kill9(gw.child);
    await client.close();
    expect(before).toBeLessThan(total);
    gw = await startChild(cluster.url, gwDir);
    child = gw.child;
    client = new Client({ node: gw.url });
    await waitFor(async () => (await countDocs(client, index)) === total, `${total} docs after restart`, 60_000);
    const stats = ((await client.indices.stats({ index, level: 'shards' })).body as any).indices[index].shards;
    const polled = Array.from({ length: shards }, (_, s) => stats[String(s)][0].polling_ingest_stats.consumer_stats.total_polled_count as number);
    return { client, total, before, polled: polled.reduce((a, b) => a + b, 0) };
  }

  it('restarts from the persisted pointers and loses nothing', async () => {
    const { client, total, before, polled } = await crashMidway('crash', 2, 2);
    const state = ((await client.ingestion.getState({ index: 'crash' })).body as any).ingestion_state.crash;
    expect(state.map((s: { batch_start_pointer: string }) => s.batch_start_pointer)).toEqual(['FileOffset{line=1999}', 'FileOffset{line=1999}']);
    // The restarted pollers re-read at most two batches (50 each) per shard beyond what was left: the one
    // being written and the one whose pointer is persisted once the next bulk is on its way.
    expect(polled).toBeLessThanOrEqual(total - before + 2 * 2 * 50);
    await client.close();
    await kill9(child!);
  });

  it('with modulo, resumes every partition of a shard from its own pointer and loses nothing', async () => {
    const { client, total, before, polled } = await crashMidway('crash-modulo', 1, 3, { source_partition_strategy: 'modulo' });
    const state = ((await client.ingestion.getState({ index: 'crash-modulo' })).body as any).ingestion_state['crash-modulo'];
    expect(state[0].batch_start_pointer).toMatch(/partition=0.*partition=1.*partition=2/);
    // One shard: at most the two batches in flight are read again.
    expect(polled).toBeLessThanOrEqual(total - before + 2 * 50);
    await client.close();
  });
});
