import { type ClusterFixture, startFixture } from '../test/cluster-fixture';

/** `{"properties":{"a":{"properties":...{"type":"long"}}}}` with `objects` object levels, built as text. */
function deepProperties(objects: number): string {
  return '{"properties":{"a":'.repeat(objects) + '{"properties":{"leaf":{"type":"long"}}}' + '}}'.repeat(objects);
}

/** A document nested `levels` objects deep under `field`. */
function deepDoc(field: string, levels: number): string {
  return `{"${field}":` + '{"a":'.repeat(levels - 1) + '1' + '}'.repeat(levels);
}

const DEPTH_REASON = (index: string) =>
  `Limit of mapping depth [20] in index [${index}] has been exceeded due to object field [${Array(20).fill('a').join('.')}]`;

describe('mapping limits', () => {
  let f: ClusterFixture;
  beforeAll(async () => {
    f = await startFixture();
    await f.raw('PUT', '/m', { settings: { number_of_replicas: 0 }, mappings: { properties: { keep: { type: 'keyword' } } } });
  });
  afterAll(() => f.close());

  async function mappingOf(index: string): Promise<unknown> {
    return (await f.raw('GET', `/${index}/_mapping`)).json[index].mappings;
  }

  it('refuses a _mapping update past index.mapping.depth.limit, stores nothing, and the cluster stays healthy', async () => {
    const before = await mappingOf('m');
    const r = await fetch(`${f.cluster.url}/m/_mapping`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: deepProperties(25) });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: unknown }).error).toMatchObject({ type: 'illegal_argument_exception', reason: DEPTH_REASON('m') });
    expect(await mappingOf('m')).toEqual(before);
    for (const path of ['/_mapping', '/_cluster/state', '/_cluster/stats', '/_cat/indices?format=json', '/m']) {
      expect([path, (await f.raw('GET', path)).status]).toEqual([path, 200]);
    }
    expect((await f.raw('POST', '/m/_close')).status).toBe(200);
    expect((await f.raw('POST', '/m/_open')).status).toBe(200);
  });

  it('accepts the deepest mapping the limit allows (objects to depth 20)', async () => {
    // The root is depth 1, so the 19th nested object sits at depth 20 (OpenSearch: dots in its path + 2).
    await f.raw('PUT', '/ok');
    const put = await fetch(`${f.cluster.url}/ok/_mapping`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: deepProperties(19) });
    expect(put.status).toBe(200);
    const deeper = await fetch(`${f.cluster.url}/ok/_mapping`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: deepProperties(20) });
    expect(deeper.status).toBe(400);
    expect(((await deeper.json()) as { error: { reason: string } }).error.reason).toBe(DEPTH_REASON('ok'));
  });

  it('refuses a deep mapping at creation: no index is created', async () => {
    const r = await fetch(`${f.cluster.url}/deep`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: `{"mappings":${deepProperties(25)}}` });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: { reason: string } }).error.reason).toBe(DEPTH_REASON('deep'));
    expect((await f.raw('HEAD', '/deep')).status).toBe(404);
  });

  it('refuses a document whose dynamic mapping would pass the depth limit, and keeps none of its new fields', async () => {
    const before = await mappingOf('m');
    const r = await fetch(`${f.cluster.url}/m/_doc/1`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: deepDoc('a', 30) });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: unknown }).error).toMatchObject({ type: 'illegal_argument_exception', reason: DEPTH_REASON('m') });
    expect(await mappingOf('m')).toEqual(before);
    const shallow = await fetch(`${f.cluster.url}/m/_doc/2`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: deepDoc('b', 10) });
    expect(shallow.status).toBe(201);
  });

  it('refuses more fields than index.mapping.total_fields.limit, dynamic fields included', async () => {
    await f.raw('PUT', '/few', { settings: { 'index.mapping.total_fields.limit': 3, number_of_replicas: 0 } });
    const tooMany = await f.raw('PUT', '/few/_mapping', { properties: { a: { type: 'long' }, b: { type: 'long' }, c: { type: 'text', fields: { raw: { type: 'keyword' } } } } });
    expect(tooMany.json.error).toMatchObject({ type: 'illegal_argument_exception', reason: 'Limit of total fields [3] in index [few] has been exceeded' });
    const doc = await f.raw('PUT', '/few/_doc/1', { a: 1, b: 2, c: 3, d: 4 });
    expect(doc.status).toBe(400);
    expect(doc.json.error.reason).toBe('Limit of total fields [3] in index [few] has been exceeded');
    expect(await mappingOf('few')).toEqual({ properties: {} });
  });

  it('refuses more nested fields than index.mapping.nested_fields.limit', async () => {
    const properties = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`n${i}`, { type: 'nested' }]));
    const r = await f.raw('PUT', '/nests', { mappings: { properties } });
    expect(r.json.error).toMatchObject({ type: 'illegal_argument_exception', reason: 'Limit of nested fields [50] in index [nests] has been exceeded' });
  });

  it.each([[{ properties: { a: null } }], [{ properties: { a: 5 } }], [{ properties: { a: { properties: 'x' } } }]])(
    'refuses a malformed field mapping %j with mapper_parsing_exception',
    async (body) => {
      const r = await f.raw('PUT', '/m/_mapping', body);
      expect(r.status).toBe(400);
      expect(r.json.error.type).toBe('mapper_parsing_exception');
    },
  );
});
