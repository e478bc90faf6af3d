import { type ClusterFixture, startFixture } from '../test/cluster-fixture';
import { MAX_OPEN } from './context-store';

describe('open reader context limits', () => {
  let f: ClusterFixture;
  beforeAll(async () => {
    f = await startFixture();
    await f.client.index({ index: 'c', id: '1', body: { a: 1 }, refresh: true });
  });
  afterAll(() => f.close());

  it(`refuses point-in-time context ${MAX_OPEN.pit + 1} with a 429, and opens again once one is deleted`, async () => {
    let last = '';
    for (let i = 0; i < MAX_OPEN.pit; i++) {
      const r = await f.raw('POST', '/c/_search/point_in_time?keep_alive=1m');
      expect(r.status).toBe(200);
      last = r.json.pit_id;
    }
    const refused = await f.raw('POST', '/c/_search/point_in_time?keep_alive=1m');
    expect(refused.status).toBe(429);
    expect(refused.json.error).toMatchObject({
      type: 'rejected_execution_exception',
      reason: 'Trying to create too many Point In Time contexts. Must be less than or equal to: [300]. This limit can be set by changing the [search.max_open_pit_context] setting.',
    });
    await f.raw('DELETE', '/_search/point_in_time', { pit_id: last });
    expect((await f.raw('POST', '/c/_search/point_in_time?keep_alive=1m')).status).toBe(200);
    await f.raw('DELETE', '/_search/point_in_time/_all');
  });

  it(`refuses scroll context ${MAX_OPEN.scroll + 1} with a 429`, async () => {
    for (let i = 0; i < MAX_OPEN.scroll; i++) expect((await f.raw('POST', '/c/_search?scroll=1m', { size: 1 })).status).toBe(200);
    const refused = await f.raw('POST', '/c/_search?scroll=1m', { size: 1 });
    expect(refused.status).toBe(429);
    expect(refused.json.error.reason).toBe(
      'Trying to create too many scroll contexts. Must be less than or equal to: [500]. This limit can be set by changing the [search.max_open_scroll_context] setting.',
    );
    await f.raw('DELETE', '/_search/scroll/_all');
  });
});
