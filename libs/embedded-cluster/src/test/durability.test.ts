import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ClusterFixture, startFixture } from './cluster-fixture';

/** Runs the writer child until it acknowledged at least `min` documents, then SIGKILLs it. */
function writeThenKill(dataDir: string, min: number): Promise<Map<string, number>> {
  const child = spawn(process.execPath, [join(__dirname, 'durability-child.js'), dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  const acked = new Map<string, number>();
  let buffer = '';
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.startsWith('ACK ')) continue;
        const parts = line.slice(4).split(' ');
        for (let i = 0; i < parts.length; i += 2) acked.set(parts[i], Number(parts[i + 1]));
      }
      if (acked.size >= min && !child.killed) child.kill('SIGKILL');
    });
    child.once('exit', (code, signal) => (signal === 'SIGKILL' ? resolve(acked) : reject(new Error(`child exited ${code}: ${stderr}`))));
  });
}

describe('embedded cluster durability', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ferry-ec-durable-'));
  let f: ClusterFixture | undefined;
  afterAll(async () => {
    await f?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged write after kill -9 and a restart, with the same seq_no', async () => {
    const acked = await writeThenKill(dataDir, 1500);
    f = await startFixture({ name: 'durable', dataDir });
    const ids = [...acked.keys()];
    const found = await f.client.mget({ index: 'dur', body: { ids } });
    const docs = found.body.docs as { _id: string; found: boolean; _seq_no: number }[];
    expect(docs.filter((d) => !d.found).map((d) => d._id)).toEqual([]);
    for (const d of docs) expect(d._seq_no).toBe(acked.get(d._id));
    // The shard continues its sequence after the highest recovered seq_no, and search sees the recovered docs.
    const stats = await f.client.indices.stats({ index: 'dur', level: 'shards' });
    const maxSeq = (stats.body as any).indices.dur.shards['0'][0].seq_no.max_seq_no as number;
    expect(maxSeq).toBeGreaterThanOrEqual(Math.max(...acked.values()));
    const next = await f.client.index({ index: 'dur', id: 'after-restart', body: {} });
    expect(next.body._seq_no).toBe(maxSeq + 1);
    const info = await f.client.info();
    const count = await f.client.count({ index: 'dur' });
    expect(count.body.count).toBeGreaterThanOrEqual(acked.size);
    await f.close();
    f = await startFixture({ name: 'durable', dataDir });
    expect((await f.client.info()).body.cluster_uuid).toBe(info.body.cluster_uuid);
  }, 60000);
});
