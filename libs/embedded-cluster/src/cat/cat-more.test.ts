import { parse as parseYaml } from 'yaml';
import { type ClusterFixture, startFixture } from '../test/cluster-fixture';

describe('embedded cluster: more _cat tables and formats', () => {
  let f: ClusterFixture;

  beforeAll(async () => {
    f = await startFixture();
    await f.client.index({ index: 'games', id: '1', body: { title: 'Go' }, refresh: true });
  });
  afterAll(() => f.close());

  it('lists the recovery of every shard', async () => {
    const r = await f.raw('GET', '/_cat/recovery?format=json&h=index,shard,type,stage');
    expect(r.json).toEqual([{ index: 'games', shard: '0', type: 'empty_store', stage: 'done' }]);
  });

  it('lists the segments a point in time pins', async () => {
    const pit = await f.raw('POST', '/games/_search/point_in_time?keep_alive=1m');
    // fetch cannot send a GET body; the official client can, as OpenSearch's clients do here.
    const r = await f.client.transport.request({ method: 'GET', path: '/_cat/pit_segments', querystring: { format: 'json' }, body: { pit_id: [pit.json.pit_id] } });
    expect(r.body).toEqual([expect.objectContaining({ index: 'games', 'docs.count': '1' })]);
  });

  it('lists the attributes the node advertises', async () => {
    expect((await f.raw('GET', '/_cat/nodeattrs?format=json&h=attr,value')).json).toEqual([{ attr: 'shard_indexing_pressure_enabled', value: 'true' }]);
  });

  it.each(['fielddata', 'plugins', 'segment_replication'])('answers _cat/%s with an empty table', async (table) => {
    expect((await f.raw('GET', `/_cat/${table}?format=json`)).json).toEqual([]);
  });

  it('renders format=yaml, cbor and smile', async () => {
    const yaml = await fetch(`${f.cluster.url}/_cat/indices?format=yaml&h=index,docs.count`);
    expect(yaml.headers.get('content-type')).toBe('application/yaml');
    expect(parseYaml(await yaml.text())).toEqual([{ index: 'games', 'docs.count': '1' }]);
    const cbor = Buffer.from(await (await fetch(`${f.cluster.url}/_cat/count?format=cbor&h=count`)).arrayBuffer());
    expect([...cbor]).toEqual([0x81, 0xa1, 0x65, ...Buffer.from('count'), 0x61, 0x31]);
    const smile = Buffer.from(await (await fetch(`${f.cluster.url}/_cat/count?format=smile&h=count`)).arrayBuffer());
    expect([...smile]).toEqual([0x3a, 0x29, 0x0a, 0x00, 0xf8, 0xfa, 0x84, ...Buffer.from('count'), 0x40, 0x31, 0xfb, 0xf9]);
  });
});
