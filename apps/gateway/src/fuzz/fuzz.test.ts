import { GATEWAY_OPERATIONS } from './gateway-ops';
import { startFuzzTarget, type FuzzTarget } from './harness';
import { operationsFromOpenApi, type OpenApiDocument } from './openapi-ops';
import { OPENSEARCH_OPERATIONS } from './opensearch-ops';
import type { Family, Operation } from './operations';
import { describeFinding, fuzzFamily, type FamilyReport } from './runner';

// Requests per family: 2,000 in `npm test`, more with `FERRY_FUZZ_RUNS=50000 npm run fuzz`.
const RUNS = Number(process.env.FERRY_FUZZ_RUNS ?? 2000);
// The same requests on every `npm test` (CI must not turn red on a draw); FERRY_FUZZ_SEED=random (as
// `npm run fuzz` sets) or a number explores others. The seed is printed with each family's summary.
const SEED = process.env.FERRY_FUZZ_SEED === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.FERRY_FUZZ_SEED ?? 16);
// FERRY_FUZZ_STRICT=1 ignores KNOWN_FAILURES, to see which known bugs still fail.
const TOLERATE_KNOWN = process.env.FERRY_FUZZ_STRICT !== '1';
const FAMILIES: Family[] = ['ccr', 'influx', 'ingestion', 'hq', 'gateway', 'passthrough'];

describe('fuzzing every API family (auth on, secrets configured)', () => {
  let ops: Operation[];
  const rejections: string[] = [];
  const onRejection = (reason: unknown) => rejections.push(String((reason as Error)?.stack ?? reason));

  // A fresh gateway per family: what one family's requests break cannot be blamed on the next.
  let target: FuzzTarget | undefined;
  beforeAll(() => process.on('unhandledRejection', onRejection));
  beforeEach(async () => {
    target = await startFuzzTarget();
    const res = await fetch(`${target.url}/_gateway/openapi.json`, { headers: { authorization: `Bearer ${target.secrets.viewerToken}` } });
    ops = [...operationsFromOpenApi((await res.json()) as OpenApiDocument), ...GATEWAY_OPERATIONS, ...OPENSEARCH_OPERATIONS];
  }, 60_000);
  afterEach(async () => {
    await target?.close();
    target = undefined;
  });
  afterAll(() => process.off('unhandledRejection', onRejection));

  it.each(FAMILIES)(`%s: ${RUNS} generated requests keep every promise`, async (family) => {
    if (!target) throw new Error('no fuzz target');
    const familyOps = ops.filter((o) => o.family === family);
    expect(familyOps.length).toBeGreaterThan(0);
    const report = await fuzzFamily(target, familyOps, { runs: RUNS, rejections, tolerateKnown: TOLERATE_KNOWN, seed: SEED });
    console.log(summary(family, report));
    expect(report.requests).toBeGreaterThanOrEqual(RUNS);
    const health = await fetch(`${target.url}/_gateway/health`);
    expect({ status: health.status, body: (await health.json()) as { status: string } }).toMatchObject({ status: 200, body: { status: expect.stringMatching(/^(ok|degraded)$/) } });
    expect(report.findings.map(describeFinding)).toEqual([]);
  }, 600_000);
});

function summary(family: Family, r: FamilyReport): string {
  const known = [...r.knownSeen].map(([bug, n]) => `\n  tolerated ${n}×: ${bug}`).join('');
  const found = r.findings.map((f) => `\n${describeFinding(f)}`).join('');
  return `${family} (seed ${SEED}): ${r.runs} runs, ${r.requests} requests (incl. shrinking), ${r.skipped} held back, ${r.logLines} log lines, ${r.findings.length} failure classes, ${r.ms} ms${known}${found}`;
}
