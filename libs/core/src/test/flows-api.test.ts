import request from 'supertest';
import { flowSources } from '../extensions/flow-sources';
import type { FlowSummary } from '../flows/flow.schemas';
import { definePlugin } from '../plugin/define-plugin';
import { createTestGateway, type TestGateway } from '../testing/test-gateway';

const tokens = [
  { name: 'ann', token: 'viewer-token-0123456789', role: 'viewer' },
  { name: 'bob', token: 'operator-token-0123456789', role: 'operator' },
];
const VIEWER = 'Bearer viewer-token-0123456789';

/** A plugin whose one flow's lag is a counter the test moves. */
function counterPlugin() {
  const state = { lag: 10, listed: 0 };
  const plugin = definePlugin({
    id: 'counter',
    mounts: ['/counter'],
    errorFormat: 'gateway',
    register({ extensions }) {
      extensions.add(flowSources, {
        kind: 'ingestion-shard',
        async list(): Promise<FlowSummary[]> {
          state.listed++;
          return [
            {
              id: 'ingestion-shard:events:0',
              kind: 'ingestion-shard',
              name: 'events[0]',
              state: state.lag > 0 ? 'lagging' : 'ok',
              status: 'POLLING',
              reason: null,
              error: null,
              lag: { operations: state.lag, seconds: null, bytes: null },
              details: { index: 'events', shard: 0 },
              historyValue: state.lag,
            },
          ];
        },
      });
    },
  });
  return { plugin, state };
}

describe('GET /_gateway/flows and /_gateway/whoami', () => {
  let gw: TestGateway;
  const counter = counterPlugin();

  beforeAll(async () => {
    gw = await createTestGateway({ plugins: [counter.plugin], config: { auth: { tokens }, flows: { sampleIntervalMs: 100 } }, listen: false });
  });
  afterAll(() => gw.close());

  it('serves what the plugins contribute, with the lag the sampler recorded', async () => {
    const seen: number[] = [];
    for (const lag of [10, 7, 3]) {
      counter.state.lag = lag;
      const before = counter.state.listed;
      // Two samples at least, so the ring holds this value.
      while (counter.state.listed < before + 2) await new Promise((r) => setTimeout(r, 50));
      seen.push(lag);
    }
    const res = await request(gw.app).get('/_gateway/flows').set('authorization', VIEWER).expect(200);
    expect(res.body).toMatchObject({ interval_ms: 100, window_ms: 3_600_000 });
    expect(Date.parse(res.body.sampled_at)).toBeGreaterThan(Date.now() - 10_000);
    const [f] = res.body.flows;
    expect(f).toMatchObject({ id: 'ingestion-shard:events:0', state: 'lagging', severity: 1, lag: { operations: 3 } });
    const values = (f.history as [number, number][]).map(([, v]) => v);
    expect([...new Set(values)]).toEqual(seen);
    const times = (f.history as [number, number][]).map(([t]) => t);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it.each([
    ['?kind=ingestion-shard', 1],
    ['?kind=ccr-follower', 0],
    ['?state=lagging&q=EVENTS', 1],
    ['?q=nomatch', 0],
  ])('filters %s', async (query, count) => {
    const res = await request(gw.app).get(`/_gateway/flows${query}`).set('authorization', VIEWER).expect(200);
    expect(res.body.flows).toHaveLength(count);
  });

  it('leaves the history out with history=false', async () => {
    const res = await request(gw.app).get('/_gateway/flows?history=false').set('authorization', VIEWER).expect(200);
    expect(res.body.flows[0].history).toEqual([]);
  });

  it.each([
    ['?kind=nope', 'query.kind'],
    ['?state=asleep', 'query.state'],
    ['?history=maybe', 'query.history'],
  ])('answers 400 in the gateway envelope to %s', async (query, path) => {
    const res = await request(gw.app).get(`/_gateway/flows${query}`).set('authorization', VIEWER).expect(400);
    expect(res.body.error).toMatchObject({ code: 'validation_failed', details: { issues: [expect.objectContaining({ path })] } });
  });

  it('refuses a caller without a valid token, in the gateway envelope', async () => {
    for (const path of ['/_gateway/flows', '/_gateway/whoami']) {
      const none = await request(gw.app).get(path).expect(401);
      expect(none.body.error).toMatchObject({ code: expect.any(String), message: 'missing authentication credentials' });
      await request(gw.app).get(path).set('authorization', 'Bearer not-a-token-at-all-xx').expect(401);
    }
    await request(gw.app).post('/_gateway/flows').set('authorization', VIEWER).expect(405);
  });

  it.each([
    [VIEWER, { auth_enabled: true, role: 'viewer', token_name: 'ann' }],
    ['Bearer operator-token-0123456789', { auth_enabled: true, role: 'operator', token_name: 'bob' }],
  ])('tells who is calling, never the token', async (auth, expected) => {
    const res = await request(gw.app).get('/_gateway/whoami').set('authorization', auth).expect(200);
    expect(res.body).toEqual(expected);
    expect(res.text).not.toContain('token-0123456789');
  });

  it('documents both routes in /_gateway/openapi.json', async () => {
    const doc = (await request(gw.app).get('/_gateway/openapi.json').set('authorization', VIEWER).expect(200)).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/_gateway/flows', '/_gateway/whoami', '/_gateway/health']));
    expect(doc.paths['/_gateway/flows'].get.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['history', 'kind', 'q', 'state']);
    expect(doc.components.schemas.Flow.properties.severity).toBeDefined();
  });
});

describe('GET /_gateway/whoami without auth', () => {
  it('says auth is off', async () => {
    const gw = await createTestGateway({ listen: false });
    try {
      const res = await request(gw.app).get('/_gateway/whoami').expect(200);
      expect(res.body).toEqual({ auth_enabled: false, role: null, token_name: null });
      expect((await request(gw.app).get('/_gateway/flows').expect(200)).body.flows).toEqual([]);
    } finally {
      await gw.close();
    }
  });
});
