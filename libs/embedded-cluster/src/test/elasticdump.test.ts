import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ClusterFixture, startFixture } from './cluster-fixture';

// elasticdump is how many users copy an index; it is run here exactly as a user runs it (its bin, its defaults).
const N = 100_000;
const BIN = require.resolve('elasticdump/bin/elasticdump');

function docOf(i: number): Record<string, unknown> {
  return { n: i, name: `document ${i}`, tags: [`t${i % 7}`, `u${i % 11}`], nested: { even: i % 2 === 0, at: `2024-01-${String((i % 28) + 1).padStart(2, '0')}` } };
}

async function load(f: ClusterFixture, index: string): Promise<void> {
  for (let start = 0; start < N; start += 10_000) {
    const lines: string[] = [];
    for (let i = start; i < start + 10_000; i++) lines.push(JSON.stringify({ index: { _index: index, _id: `id-${i}` } }), JSON.stringify(docOf(i)));
    const r = await f.raw('POST', '/_bulk', `${lines.join('\n')}\n`);
    if (r.json.errors) throw new Error(`bulk failed: ${r.text.slice(0, 300)}`);
  }
  await f.raw('POST', `/${index}/_refresh`);
}

function elasticdump(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ code, out }));
  });
}

/** Checks that `lines` (elasticdump's output: one hit per line) hold every document exactly once. */
function expectEveryDocument(hits: { _id: string; _source: unknown }[]): void {
  expect(hits).toHaveLength(N);
  const seen = new Set<string>();
  for (const h of hits) {
    const i = Number(h._id.slice(3));
    expect(h._source).toEqual(docOf(i));
    seen.add(h._id);
  }
  expect(seen.size).toBe(N);
}

describe('elasticdump against the embedded cluster', () => {
  let f: ClusterFixture;
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    f = await startFixture();
    const t0 = Date.now();
    await load(f, 'source');
    timings.bulkMs = Date.now() - t0;
  }, 120_000);
  afterAll(async () => {
    process.stdout.write(`elasticdump over ${N} docs: ${JSON.stringify(timings)}\n`);
    await f.close();
  });

  it('copies every document of an index to a file with its defaults', async () => {
    const file = join(f.dataDir, 'dump.json');
    const t0 = Date.now();
    const r = await elasticdump([`--input=${f.cluster.url}/source`, `--output=${file}`]);
    timings.toFileMs = Date.now() - t0;
    expect({ code: r.code, tail: r.out.slice(-300) }).toMatchObject({ code: 0 });
    const hits = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expectEveryDocument(hits);
  }, 180_000);

  it('copies every document into another index of the same cluster', async () => {
    const t0 = Date.now();
    const r = await elasticdump([`--input=${f.cluster.url}/source`, `--output=${f.cluster.url}/copy`]);
    timings.toIndexMs = Date.now() - t0;
    expect({ code: r.code, tail: r.out.slice(-300) }).toMatchObject({ code: 0 });
    await f.raw('POST', '/copy/_refresh');
    const file = join(f.dataDir, 'copy.json');
    expect((await elasticdump([`--input=${f.cluster.url}/copy`, `--output=${file}`])).code).toBe(0);
    expectEveryDocument(readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l)));
  }, 300_000);
});
