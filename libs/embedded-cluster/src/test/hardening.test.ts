import { request } from 'node:http';
import { type ClusterFixture, startFixture } from './cluster-fixture';

/** A raw HTTP exchange, for requests `fetch` would not send as written (HEAD bodies, over-long URLs). */
function rawRequest(url: string, method: string, path: string): Promise<{ status: number; type?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('embedded cluster: bad input answered in OpenSearch\'s envelope', () => {
  let f: ClusterFixture;
  beforeAll(async () => {
    f = await startFixture();
    await f.client.index({ index: 'h', id: '1', body: { a: 1 }, refresh: true });
    await f.raw('PUT', '/_snapshot/repo', { type: 'fs', settings: { location: `${f.dataDir}/snapshots` } });
    await f.raw('PUT', '/_snapshot/repo/s1?wait_for_completion=true', { indices: 'h' });
  });
  afterAll(() => f.close());

  it.each(['/?pretty', '/h?pretty', '/h/_doc/1?pretty', '/_cluster/health?pretty'])('HEAD %s answers 200 with no body', async (path) => {
    const r = await rawRequest(f.cluster.url, 'HEAD', path);
    expect(r).toEqual({ status: 200, type: 'application/json; charset=UTF-8', body: '' });
  });

  it.each([
    ['/_snapshot/repo/_current/_restore', '[repo:_current] is missing'],
    ['/_snapshot/repo/_all/_restore', '[repo:_all] is missing'],
    ['/_snapshot/repo/s*/_restore', '[repo:s*] is missing'],
  ])('POST %s is a 404 snapshot_missing_exception', async (path, reason) => {
    const r = await f.raw('POST', path);
    expect(r.status).toBe(404);
    expect(r.json.error).toMatchObject({ type: 'snapshot_missing_exception', reason });
  });

  it.each([
    [{ pit_id: [['x']] }, 'pit_id array element should only contain pit_id'],
    [{ pit_id: { id: 'x' } }, 'pit_id element should only contain pit_id'],
  ])('DELETE point_in_time %j is a 400', async (body, reason) => {
    const r = await f.raw('DELETE', '/_search/point_in_time', body);
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ type: 'illegal_argument_exception', reason });
  });

  it.each([[[null]], [[5]], [[['h', '1']]]])('_mget docs %j is a 400', async (docs) => {
    const r = await f.raw('POST', '/_mget', { docs });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ type: 'illegal_argument_exception', reason: 'docs array element should include an object' });
  });

  it('reads a non-string _index in _mget as text', async () => {
    const r = await f.raw('POST', '/_mget', { docs: [{ _index: 5, _id: '1' }] });
    expect(r.json.docs[0].error.type).toBe('index_not_found_exception');
  });

  it('answers an id of 100 KB in the URL with a JSON 400 and keeps serving', async () => {
    const r = await rawRequest(f.cluster.url, 'GET', `/h/_doc/${'x'.repeat(100_000)}`);
    expect(r.status).toBe(400);
    expect(r.type).toBe('application/json; charset=UTF-8');
    expect(JSON.parse(r.body).error.type).toBe('too_long_frame_exception');
    expect((await f.raw('GET', '/h/_doc/1')).status).toBe(200);
  });

  it('refuses a terms query past index.max_terms_count', async () => {
    const r = await f.raw('POST', '/h/_search', { query: { terms: { a: Array.from({ length: 65537 }, (_, i) => i) } } });
    expect(r.status).toBe(400);
    expect(r.json.error.reason).toBe(
      'The number of terms [65537] used in the Terms Query request has exceeded the allowed maximum of [65536]. This maximum can be set by changing the [index.max_terms_count] index level setting.',
    );
  });

  it('refuses a result window past index.max_result_window', async () => {
    const r = await f.raw('POST', '/h/_search', { from: 9999, size: 2 });
    expect(r.status).toBe(400);
    expect(r.json.error.type).toBe('illegal_argument_exception');
    expect(r.json.error.reason).toMatch(/^Result window is too large, from \+ size must be less than or equal to: \[10000\] but was \[10001\]/);
  });

  it('matches a field path of a thousand parts against a document a thousand levels deep in linear time', async () => {
    await f.raw('PUT', '/deepdoc', { settings: { number_of_replicas: 0 }, mappings: { dynamic: false } });
    const doc = '{"a":'.repeat(999) + '1' + '}'.repeat(999);
    const put = await fetch(`${f.cluster.url}/deepdoc/_doc/1?refresh=true`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: doc });
    expect(put.status).toBe(201);
    const started = Date.now();
    // Trying every dotted split of the path at every level took about 8 s here; the document's own keys take milliseconds.
    const r = await f.raw('POST', '/deepdoc/_search', { query: { exists: { field: Array(999).fill('a').join('.') } } });
    expect(r.json.hits.total.value).toBe(1);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it.each([
    [{ indices: null }, 'malformed indices section, should be an array of strings'],
    [{ indices: 5 }, 'malformed indices section, should be an array of strings'],
    [{ indices: [5] }, 'malformed indices section, should be an array of strings'],
    [{ indices: 'h', ignore_index_settings: {} }, 'malformed ignore_index_settings section, should be an array of strings'],
    [{ indices: 'h', index_settings: 'x' }, 'malformed index_settings section, should be an object'],
  ])('restore with %j is a 400', async (body, reason) => {
    const r = await f.raw('POST', '/_snapshot/repo/s1/_restore?wait_for_completion=true', { rename_pattern: 'h', rename_replacement: 'restored', ...body });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ type: 'illegal_argument_exception', reason });
  });

  it.each([
    [1.5, 'parsing_exception', '[size] failed to parse value [1.5]'],
    ['x', 'parsing_exception', '[size] failed to parse value [x]'],
    [-1, 'illegal_argument_exception', '[size] parameter cannot be negative, found [-1]'],
    [0, 'action_request_validation_exception', 'Validation Failed: 1: [size] cannot be [0] in a scroll context;'],
  ])('reindex with source.size %j is a 400 %s', async (size, type, reason) => {
    const r = await f.raw('POST', '/_reindex', { source: { index: 'h', size }, dest: { index: 'copy' } });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ type, reason });
  });

  it.each([
    ['POST', '/h/_delete_by_query?scroll_size=99999999999999999999', 'illegal_argument_exception', 'Failed to parse int parameter [scroll_size] with value [99999999999999999999]'],
    ['POST', '/h/_update_by_query?scroll_size=99999999999999999999', 'illegal_argument_exception', 'Failed to parse int parameter [scroll_size] with value [99999999999999999999]'],
    ['GET', '/h/_search?track_total_hits=99999999999999999999', 'parsing_exception', '[track_total_hits] failed to parse value [99999999999999999999]'],
  ])('%s %s is a 400 %s', async (method, path, type, reason) => {
    const r = await f.raw(method, path, method === 'POST' ? { query: { match_all: {} } } : undefined);
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ type, reason });
  });
});
