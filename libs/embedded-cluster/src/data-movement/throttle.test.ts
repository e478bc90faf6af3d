import { type ClusterFixture, startFixture } from '../test/cluster-fixture';

describe('requests_per_second, _rethrottle and cancelling by-query tasks', () => {
  let f: ClusterFixture;
  beforeAll(async () => {
    f = await startFixture();
    await f.client.bulk({ body: Array.from({ length: 4 }, (_, i) => [{ index: { _index: 'src', _id: String(i) } }, { n: i }]).flat(), refresh: 'true' });
  });
  afterAll(() => f.close());

  const status = async (task: string) => (await f.raw('GET', `/_tasks/${task}`)).json;
  const waitDone = async (task: string) => (await f.raw('GET', `/_tasks/${task}?wait_for_completion=true&timeout=20s`)).json;

  it('waits batch size / requests_per_second between batches, and a rethrottle speeds it up at once', async () => {
    const started = Date.now();
    const { task } = (await f.raw('POST', '/_reindex?wait_for_completion=false&requests_per_second=0.5&scroll_size=1', { source: { index: 'src' }, dest: { index: 'slow' } })).json;
    await new Promise((r) => setTimeout(r, 300));
    const running = await status(task);
    expect(running.completed).toBe(false);
    expect(running.task.status).toMatchObject({ requests_per_second: 0.5, batches: 1 });
    expect(running.task.status.throttled_until_millis).toBeGreaterThan(0);
    const r = await f.raw('POST', `/_reindex/${task}/_rethrottle?requests_per_second=-1`);
    expect(r.status).toBe(200);
    const [entry] = Object.values(Object.values(r.json.nodes as Record<string, { tasks: Record<string, { description: string }> }>)[0].tasks);
    expect(entry.description).toMatch(/reindex/);
    const done = await waitDone(task);
    expect(done.response).toMatchObject({ created: 4, requests_per_second: -1 });
    // Unthrottled after the first 2 s wait: well under the 8 s four batches at 0.5/s would take.
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('cancels a throttled task during its wait', async () => {
    const { task } = (await f.raw('POST', '/src/_update_by_query?wait_for_completion=false&requests_per_second=0.1&scroll_size=1&conflicts=proceed', {})).json;
    await new Promise((r) => setTimeout(r, 200));
    const c = await f.raw('POST', `/_tasks/${task}/_cancel`);
    expect(c.status).toBe(200);
    const done = await waitDone(task);
    expect(done.response).toMatchObject({ canceled: 'by user request', batches: 1 });
  });

  it('answers 200 with node_failures for a task that is no longer running', async () => {
    const { task } = (await f.raw('POST', '/_reindex?wait_for_completion=false', { source: { index: 'src' }, dest: { index: 'fast' } })).json;
    await waitDone(task);
    for (const path of [`/_tasks/${task}/_cancel`, `/_delete_by_query/${task}/_rethrottle?requests_per_second=5`]) {
      const r = await f.raw('POST', path);
      expect(r.status).toBe(200);
      expect(r.json.node_failures[0].caused_by.type).toBe('resource_not_found_exception');
    }
  });

  it.each([
    ['/_reindex?requests_per_second=0', { source: { index: 'src' }, dest: { index: 'x' } }],
    ['/_reindex/abc/_rethrottle?requests_per_second=1', undefined],
    ['/_reindex/n:1/_rethrottle', undefined],
  ])('refuses %s with a 400', async (path, body) => {
    expect((await f.raw('POST', path, body)).status).toBe(400);
  });
});
