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

  it.each([
    ['POST', '/c/_search/point_in_time?keep_alive=2d', undefined, 'Keep alive for request (2d) is too large. It must be less than (1d). This limit can be set by changing the [point_in_time.max_keep_alive] cluster level setting.'],
    ['POST', '/c/_search?scroll=36h', { size: 1 }, 'Keep alive for request (1.5d) is too large. It must be less than (1d). This limit can be set by changing the [search.max_keep_alive] cluster level setting.'],
  ])('%s %s is a 400: a context pins garbage collection for a day at most', async (method, path, body, reason) => {
    const r = await f.raw(method, path, body);
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ type: 'illegal_argument_exception', reason });
  });

  it('refuses extending a point in time past a day, and keeps it open', async () => {
    const pit = (await f.raw('POST', '/c/_search/point_in_time?keep_alive=1d')).json.pit_id as string;
    const r = await f.raw('POST', '/_search', { pit: { id: pit, keep_alive: '25h' } });
    expect(r.status).toBe(400);
    expect(r.json.error.reason).toBe('Keep alive for request (1d) is too large. It must be less than (1d). This limit can be set by changing the [point_in_time.max_keep_alive] cluster level setting.');
    expect((await f.raw('POST', '/_search', { pit: { id: pit } })).status).toBe(200);
  });
});
