import { type ClusterFixture, startFixture } from '../test/cluster-fixture';
import { jsonDepthBeyond } from '@ferry/core';
import { MAX_JSON_DEPTH } from './json-depth';

const objects = (n: number, leaf = '1') => '{"a":'.repeat(n) + leaf + '}'.repeat(n);
const arrays = (n: number) => '['.repeat(n) + ']'.repeat(n);
const DEPTH_REASON = 'Document nesting depth (1001) exceeds the maximum allowed (1000, from `StreamReadConstraints.getMaxNestingDepth()`)';

describe('embedded cluster: JSON nesting depth limit', () => {
  let f: ClusterFixture;
  beforeAll(async () => {
    f = await startFixture();
    await f.raw('PUT', '/j', { settings: { number_of_replicas: 0 }, mappings: { dynamic: false } });
    await f.raw('PUT', '/j/_doc/1', { a: 1 });
  });
  afterAll(() => f.close());

  const deep = objects(MAX_JSON_DEPTH + 1, '{}');
  const ND = 'application/x-ndjson';
  it.each([
    ['POST', '/j/_search', `{"query":${deep}}`, 'application/json'],
    ['POST', '/_count', `{"query":${deep}}`, 'application/json'],
    ['PUT', '/j/_doc/2', deep, 'application/json'],
    ['POST', '/j/_update/1', `{"doc":${deep}}`, 'application/json'],
    ['PUT', '/j/_mapping', `{"properties":${deep}}`, 'application/json'],
    ['PUT', '/k', `{"settings":${deep}}`, 'application/json'],
    ['PUT', '/j/_settings', deep, 'application/json'],
    ['PUT', '/_cluster/settings', `{"persistent":${deep}}`, 'application/json'],
    ['DELETE', '/_search/point_in_time', `{"pit_id":${arrays(5000)}}`, 'application/json'],
    ['POST', '/_mget', `{"docs":${arrays(5000)}}`, 'application/json'],
    ['POST', '/_aliases', `{"actions":${arrays(5000)}}`, 'application/json'],
    ['POST', '/_bulk', `{"index":{"_index":"j","_id":"3"},"x":${deep}}\n{}\n`, ND],
    ['POST', '/_bulk', `{"update":{"_index":"j","_id":"1"}}\n{"doc":${deep}}\n`, ND],
  ])('%s %s with JSON nested past 1000 levels is a 400 x_content_parse_exception', async (method, path, body, type) => {
    const res = await fetch(`${f.cluster.url}${path}`, { method, headers: { 'content-type': type }, body });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/json; charset=UTF-8');
    expect(await res.json()).toEqual({
      error: { root_cause: [{ type: 'x_content_parse_exception', reason: DEPTH_REASON }], type: 'x_content_parse_exception', reason: DEPTH_REASON },
      status: 400,
    });
  });

  it('refuses a bulk source nested too deep as that item, and indexes the others', async () => {
    const body = `{"index":{"_index":"j","_id":"4"}}\n${deep}\n{"index":{"_index":"j","_id":"5"}}\n{"b":1}\n`;
    const r = await f.raw('POST', '/_bulk', body);
    expect(r.status).toBe(200);
    expect(r.json.items.map((i: { index: { status: number } }) => i.index.status)).toEqual([400, 201]);
    expect(r.json.items[0].index.error).toMatchObject({ type: 'x_content_parse_exception', reason: DEPTH_REASON });
  });

  it('stores and returns a document exactly at the limit', async () => {
    const put = await fetch(`${f.cluster.url}/j/_doc/edge`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: objects(MAX_JSON_DEPTH) });
    expect(put.status).toBe(201);
    const got = await f.raw('GET', '/j/_doc/edge');
    expect(got.status).toBe(200);
    expect(jsonDepthBeyond(JSON.stringify(got.json._source), MAX_JSON_DEPTH - 1)).toBe(MAX_JSON_DEPTH);
    expect((await f.raw('GET', '/_cluster/health')).status).toBe(200);
  });

  it('runs a bool query nested as deep as a body may be without overflowing', async () => {
    const levels = 495; // two JSON levels per bool level
    const query = '{"bool":{"must":'.repeat(levels) + '{"match_all":{}}' + '}}'.repeat(levels);
    const res = await fetch(`${f.cluster.url}/j/_search`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"query":${query}}` });
    expect(res.status).toBe(200);
  });
});
