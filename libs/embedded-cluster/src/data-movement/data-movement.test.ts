import { type ClusterFixture, startFixture } from '../test/cluster-fixture';

const docs = (n: number, index: string) =>
  Array.from({ length: n }, (_, i) => [{ index: { _index: index, _id: `d${i}`, ...(i % 7 === 0 ? { routing: `r${i}` } : {}) } }, { n: i, color: i % 2 ? 'blue' : 'red' }]).flat();

async function all(f: ClusterFixture, index: string): Promise<Map<string, any>> {
  const res = await f.client.search({ index, body: { size: 10000, query: { match_all: {} }, version: true } as any });
  return new Map(res.body.hits.hits.map((h: any) => [h._id, h]));
}

describe('_reindex, _delete_by_query, _update_by_query and _tasks through the official client', () => {
  let f: ClusterFixture;
  beforeAll(async () => {
    f = await startFixture({ name: 'mover' });
    await f.client.indices.create({ index: 'src', body: { settings: { number_of_shards: 3, number_of_replicas: 0 } } });
    await f.client.bulk({ body: docs(50, 'src'), refresh: 'true' });
  });
  afterAll(() => f.close());

  it('reindexes the documents a query matches, keeping ids, sources and routing', async () => {
    const { body } = await f.client.reindex({ refresh: true, body: { source: { index: 'src', query: { term: { color: 'red' } } }, dest: { index: 'dst' } } });
    expect(body).toMatchObject({ timed_out: false, total: 25, created: 25, updated: 0, deleted: 0, version_conflicts: 0, noops: 0, batches: 1, failures: [] });
    expect(body).toMatchObject({ retries: { bulk: 0, search: 0 }, throttled_millis: 0, requests_per_second: -1, throttled_until_millis: 0 });
    const src = await all(f, 'src');
    const dst = await all(f, 'dst');
    expect(dst.size).toBe(25);
    for (const [id, hit] of dst) {
      expect(hit._source).toEqual(src.get(id)._source);
      expect(hit._source.color).toBe('red');
      expect(hit._routing).toBe(src.get(id)._routing);
    }
  });

  it('counts conflicts with op_type create and conflicts=proceed, and aborts with 409 without it', async () => {
    const proceed = await f.client.reindex({ refresh: true, body: { conflicts: 'proceed', source: { index: 'src' }, dest: { index: 'dst', op_type: 'create' } } });
    expect(proceed.body).toMatchObject({ total: 50, created: 25, version_conflicts: 25, failures: [] });
    const abort = await f.raw('POST', '/_reindex', { source: { index: 'src' }, dest: { index: 'dst', op_type: 'create' } });
    expect(abort.status).toBe(409);
    expect(abort.json.version_conflicts).toBeGreaterThanOrEqual(1);
    expect(abort.json.failures[0]).toMatchObject({ index: 'dst', status: 409, cause: { type: 'version_conflict_engine_exception' } });
    const self = await f.raw('POST', '/_reindex', { source: { index: 'src' }, dest: { index: 'src' } });
    expect(self.status).toBe(400);
    expect(self.json.error.reason).toBe('reindex cannot write into an index its reading from [src]');
    const missing = await f.raw('POST', '/_reindex', { source: { index: 'nope' }, dest: { index: 'x' } });
    expect(missing.json.error.type).toBe('index_not_found_exception');
    const noDest = await f.raw('POST', '/_reindex', { source: { index: 'src' } });
    expect(noDest.json.error).toMatchObject({ type: 'action_request_validation_exception', reason: 'Validation Failed: 1: index is missing;' });
  });

  it('deletes by query only what matches and what did not change since', async () => {
    await f.client.reindex({ refresh: true, body: { source: { index: 'src' }, dest: { index: 'scratch' } } });
    const { body } = await f.client.deleteByQuery({ index: 'scratch', refresh: true, body: { query: { range: { n: { lt: 10 } } } } });
    expect(body).toMatchObject({ total: 10, deleted: 10, version_conflicts: 0, failures: [] });
    expect((await f.client.count({ index: 'scratch' })).body.count).toBe(40);
    const maxDocs = await f.client.deleteByQuery({ index: 'scratch', refresh: true, max_docs: 5, body: { query: { match_all: {} } } });
    expect(maxDocs.body).toMatchObject({ total: 5, deleted: 5 });
    expect((await f.client.count({ index: 'scratch' })).body.count).toBe(35);
    const noQuery = await f.raw('POST', '/scratch/_delete_by_query', {});
    expect(noQuery.status).toBe(400);
  });

  it('updates by query, bumping versions, with the simple script subset', async () => {
    const before = await all(f, 'src');
    const { body } = await f.client.updateByQuery({
      index: 'src', refresh: true,
      body: { query: { term: { color: 'blue' } }, script: { source: "ctx._source.tag = params.tag; ctx._source.n += 1000", lang: 'painless', params: { tag: 'moved' } } },
    });
    expect(body).toMatchObject({ total: 25, updated: 25, failures: [] });
    const after = await all(f, 'src');
    for (const [id, hit] of after) {
      const old = before.get(id);
      if (old._source.color === 'blue') {
        expect(hit._source).toEqual({ ...old._source, n: old._source.n + 1000, tag: 'moved' });
        expect(hit._version).toBe(old._version + 1);
      } else {
        expect(hit._version).toBe(old._version);
      }
    }
    const noScript = await f.client.updateByQuery({ index: 'dst', refresh: true });
    expect(noScript.body).toMatchObject({ total: 50, updated: 50 });
    const noop = await f.client.updateByQuery({ index: 'dst', body: { script: "ctx.op = 'noop'" } });
    expect(noop.body).toMatchObject({ total: 50, updated: 0, noops: 50 });
    const bad = await f.raw('POST', '/dst/_update_by_query', { script: { source: 'ctx._source.list.removeIf(x -> x > 1)' } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.type).toBe('script_exception');
  });

  it('runs a reindex as a task: listed while running, cancellable, its result kept', async () => {
    await f.client.bulk({ body: docs(3000, 'big'), refresh: 'true' });
    const started = await f.client.reindex({ wait_for_completion: false, body: { source: { index: 'big', size: 2 }, dest: { index: 'big-copy' } } });
    const taskId = (started.body as any).task as string;
    expect(taskId).toMatch(/^[\w-]+:\d+$/);
    const list = await f.client.tasks.list({ actions: '*reindex', detailed: true });
    const listed = Object.values(list.body.nodes!)[0].tasks[taskId] as any;
    expect(listed).toMatchObject({ action: 'indices:data/write/reindex', description: 'reindex from [big] to [big-copy]', cancellable: true, cancelled: false, type: 'transport' });
    expect(listed.status.total).toBe(3000);
    const catTasks = (await f.client.cat.tasks({ format: 'json', h: ['action', 'task_id', 'node'] } as any)).body as any[];
    expect(catTasks).toContainEqual({ action: 'indices:data/write/reindex', task_id: taskId, node: 'mover' });
    const cancelled = await f.client.tasks.cancel({ task_id: taskId });
    expect(Object.keys(Object.values(cancelled.body.nodes!)[0].tasks)).toEqual([taskId]);
    const done = await f.client.tasks.get({ task_id: taskId, wait_for_completion: true });
    expect(done.body.completed).toBe(true);
    expect((done.body.response as any).canceled).toBe('by user request');
    expect((done.body.response as any).created).toBeLessThan(3000);

    const second = await f.client.reindex({ wait_for_completion: false, body: { source: { index: 'big' }, dest: { index: 'big-full' } } });
    const result = await f.client.tasks.get({ task_id: (second.body as any).task, wait_for_completion: true });
    expect(result.body.response).toMatchObject({ total: 3000, created: 3000, batches: 3 });
    expect((await f.client.tasks.list()).body.nodes).toEqual({});
    const unknown = await f.raw('GET', `/_tasks/${taskId.split(':')[0]}:999999`);
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.type).toBe('resource_not_found_exception');
  });
});
