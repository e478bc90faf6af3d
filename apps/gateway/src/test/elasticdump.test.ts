import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bulkBodies, dumpProblems, elasticdump, readDump } from '../../../../tools/peers/elasticdump';
import { startFerry, type Ferry } from '../compose';

// elasticdump, run as a user runs it (its bin, its defaults, the token as the basic-auth password in the URL),
// through a gateway with auth on, to its embedded local cluster: a viewer's token is enough to dump an index to a
// file (a scroll only reads), an operator's copies it into another index. The same run straight against the cluster is
// libs/embedded-cluster/src/test/elasticdump.test.ts.
const N = 100_000;
const TOKEN = 'operator-token-0123456789';
const VIEWER = 'viewer-token-0123456789';

describe('elasticdump through a gateway', () => {
  let ferry: Ferry;
  let dataDir: string;
  /** The gateway's URL with the operator's credentials, as elasticdump takes them. */
  let gateway: string;
  /** The same with a viewer's. */
  let asViewer: string;
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ferry-elasticdump-'));
    const auth = { tokens: [{ name: 'ops', token: TOKEN, role: 'operator' }, { name: 'ann', token: VIEWER, role: 'viewer' }] };
    ferry = await startFerry({ dataDir, server: { port: 0 }, auth, log: { level: 'silent' } }, { version: '0.0.0' });
    gateway = ferry.url!.replace('http://', `http://ops:${TOKEN}@`);
    asViewer = ferry.url!.replace('http://', `http://ann:${VIEWER}@`);
    const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/x-ndjson' };
    const t0 = Date.now();
    for (const body of bulkBodies({ index: 'source', count: N })) {
      const res = await fetch(`${ferry.url}/_bulk`, { method: 'POST', headers, body });
      const text = await res.text();
      if (res.status !== 200 || JSON.parse(text).errors) throw new Error(`bulk failed (${res.status}): ${text.slice(0, 300)}`);
    }
    expect((await fetch(`${ferry.url}/source/_refresh`, { method: 'POST', headers })).status).toBe(200);
    timings.bulkMs = Date.now() - t0;
  }, 120_000);
  afterAll(async () => {
    process.stdout.write(`elasticdump through a gateway over ${N} docs: ${JSON.stringify(timings)}\n`);
    await ferry?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is refused without the token', async () => {
    const r = await elasticdump([`--input=${ferry.url}/source`, `--output=${join(dataDir, 'refused.json')}`]);
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('security_exception');
  });

  it("fails when a viewer's token copies into an index, and writes nothing", async () => {
    const r = await elasticdump([`--input=${asViewer}/source`, `--output=${asViewer}/refused`]);
    expect({ code: r.code, forbidden: r.out.includes('"statusCode":403') }).toEqual({ code: 1, forbidden: true });
    expect((await fetch(`${ferry.url}/refused/_count`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
  });

  it('copies every document of an index to a file with its defaults, with a viewer\'s token', async () => {
    const file = join(dataDir, 'dump.json');
    const t0 = Date.now();
    const r = await elasticdump([`--input=${asViewer}/source`, `--output=${file}`]);
    timings.toFileMs = Date.now() - t0;
    expect({ code: r.code, tail: r.out.slice(-300) }).toMatchObject({ code: 0 });
    expect(dumpProblems(readDump(file), N)).toEqual({});
  }, 180_000);

  it('copies every document into another index through the gateway', async () => {
    const t0 = Date.now();
    const r = await elasticdump([`--input=${gateway}/source`, `--output=${gateway}/copy`]);
    timings.toIndexMs = Date.now() - t0;
    expect({ code: r.code, tail: r.out.slice(-300) }).toMatchObject({ code: 0 });
    expect((await fetch(`${ferry.url}/copy/_refresh`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    const file = join(dataDir, 'copy.json');
    const back = await elasticdump([`--input=${gateway}/copy`, `--output=${file}`]);
    expect({ code: back.code, tail: back.out.slice(-300) }).toMatchObject({ code: 0 });
    expect(dumpProblems(readDump(file), N)).toEqual({});
  }, 300_000);
});
