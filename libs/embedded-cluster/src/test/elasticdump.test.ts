import { join } from 'node:path';
import { bulkBodies, dumpProblems, elasticdump, readDump } from '../../../../tools/peers/elasticdump';
import { type ClusterFixture, startFixture } from './cluster-fixture';

// elasticdump, run as a user runs it (its bin, its defaults), straight against the embedded cluster; the same
// run through a gateway is apps/gateway/src/test/elasticdump.test.ts.
const N = 100_000;

async function load(f: ClusterFixture, index: string): Promise<void> {
  for (const body of bulkBodies({ index, count: N })) {
    const r = await f.raw('POST', '/_bulk', body);
    if (r.json.errors) throw new Error(`bulk failed: ${r.text.slice(0, 300)}`);
  }
  await f.raw('POST', `/${index}/_refresh`);
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
    expect(dumpProblems(readDump(file), N)).toEqual({});
  }, 180_000);

  it('copies every document into another index of the same cluster', async () => {
    const t0 = Date.now();
    const r = await elasticdump([`--input=${f.cluster.url}/source`, `--output=${f.cluster.url}/copy`]);
    timings.toIndexMs = Date.now() - t0;
    expect({ code: r.code, tail: r.out.slice(-300) }).toMatchObject({ code: 0 });
    await f.raw('POST', '/copy/_refresh');
    const file = join(f.dataDir, 'copy.json');
    expect((await elasticdump([`--input=${f.cluster.url}/copy`, `--output=${file}`])).code).toBe(0);
    expect(dumpProblems(readDump(file), N)).toEqual({});
  }, 300_000);
});
