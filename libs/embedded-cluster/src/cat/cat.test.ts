import { type ClusterFixture, startFixture } from '../test/cluster-fixture';
import { humanBytes, humanMillis } from './cat-table';

describe('_cat APIs through the official client', () => {
  let f: ClusterFixture;
  beforeAll(async () => {
    f = await startFixture({ name: 'catnode' });
    await f.client.indices.create({ index: 'books', body: { settings: { number_of_shards: 2, number_of_replicas: 1 }, aliases: { library: { is_write_index: true } } } });
    await f.client.indices.create({ index: 'logs', body: { settings: { number_of_shards: 1, number_of_replicas: 0 } } });
    const ops = Array.from({ length: 30 }, (_, i) => [{ index: { _index: i < 20 ? 'books' : 'logs', _id: String(i) } }, { n: i, title: `t${i}` }]).flat();
    await f.client.bulk({ body: ops, refresh: 'true' });
    await f.client.delete({ index: 'books', id: '0', refresh: 'true' });
  });
  afterAll(() => f.close());

  it.each([
    [0, '0b'], [208, '208b'], [1024, '1kb'], [5324, '5.2kb'], [1181116006, '1.1gb'],
  ])('prints %d bytes as %s', (n, text) => expect(humanBytes(n)).toBe(text));

  it.each([[0, '0s'], [12, '12ms'], [1500, '1.5s'], [90000, '1.5m']])('prints %d ms as %s', (n, text) => expect(humanMillis(n)).toBe(text));

  it('lists indices as JSON with real counts, health and sizes, sorted and with chosen columns', async () => {
    const { body } = await f.client.cat.indices({ format: 'json', s: ['index'] });
    expect(body.map((r: any) => r.index)).toEqual(['books', 'logs']);
    expect(body[0]).toMatchObject({ health: 'yellow', status: 'open', index: 'books', pri: '2', rep: '1', 'docs.count': '19' });
    expect(body[1]).toMatchObject({ health: 'green', pri: '1', rep: '0', 'docs.count': '10', 'docs.deleted': '0' });
    expect(Object.keys(body[0])).toEqual(['health', 'status', 'index', 'uuid', 'pri', 'rep', 'docs.count', 'docs.deleted', 'store.size', 'pri.store.size']);
    const picked = await f.client.cat.indices({ format: 'json', h: ['i', 'dc', 'indexing.index_total'], s: ['dc:desc'], bytes: 'b' });
    expect(picked.body).toEqual([
      { index: 'books', 'docs.count': '19', 'indexing.index_total': '20' },
      { index: 'logs', 'docs.count': '10', 'indexing.index_total': '10' },
    ]);
    const green = await f.client.cat.indices({ format: 'json', health: 'green', h: ['index'] });
    expect(green.body).toEqual([{ index: 'logs' }]);
  });

  it('prints text tables with a header under v, numbers right-aligned', async () => {
    const res = await f.raw('GET', '/_cat/indices?v&h=index,docs.count&s=index');
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(res.text).toBe('index docs.count\nbooks         19\nlogs          10\n');
    const plain = await f.raw('GET', '/_cat/count/books');
    expect(plain.text).toMatch(/^\d+ \d\d:\d\d:\d\d 19\n$/);
    const help = await f.raw('GET', '/_cat/indices?help');
    expect(help.text).toContain('docs.count');
    const root = await f.raw('GET', '/_cat');
    expect(root.text.startsWith('=^.^=\n/_cat/allocation')).toBe(true);
  });

  it('shows shards with seq_no, unassigned replicas and one segment per non-empty shard', async () => {
    const shards = await f.client.cat.shards({ index: 'books', format: 'json', h: ['index', 'shard', 'prirep', 'state', 'docs', 'seq_no.max', 'node'] } as any);
    const rows = shards.body as any[];
    expect(rows.filter((r) => r.prirep === 'p').map((r) => r.state)).toEqual(['STARTED', 'STARTED']);
    expect(rows.filter((r) => r.prirep === 'r').map((r) => r.state)).toEqual(['UNASSIGNED', 'UNASSIGNED']);
    const primaries = rows.filter((r) => r.prirep === 'p');
    expect(primaries.reduce((n, r) => n + Number(r.docs), 0)).toBe(19);
    expect(primaries.every((r) => r.node === 'catnode')).toBe(true);
    const segments = await f.client.cat.segments({ format: 'json' });
    expect((segments.body as any[]).map((r) => `${r.index}/${r.shard}`).sort()).toEqual(['books/0', 'books/1', 'logs/0']);
  });

  it('answers health, count, aliases, allocation, cluster_manager, master, nodes and thread_pool', async () => {
    const health = await f.client.cat.health({ format: 'json' });
    expect(health.body[0]).toMatchObject({ cluster: 'catnode', status: 'yellow', 'node.total': '1', pri: '3', shards: '3', unassign: '2', active_shards_percent: '60.0%' });
    expect((await f.client.cat.count({ format: 'json' })).body[0].count).toBe('29');
    expect((await f.client.cat.count({ index: 'logs', format: 'json' })).body[0].count).toBe('10');
    expect((await f.client.cat.aliases({ format: 'json' })).body).toEqual([
      { alias: 'library', index: 'books', filter: '-', 'routing.index': '-', 'routing.search': '-', is_write_index: 'true' },
    ]);
    const alloc = (await f.client.cat.allocation({ format: 'json', bytes: 'b' })).body as any[];
    expect(alloc[0]).toMatchObject({ shards: '3', node: 'catnode', ip: '127.0.0.1' });
    expect(Number(alloc[0]['disk.total'])).toBeGreaterThan(Number(alloc[0]['disk.avail']));
    expect(alloc[1]).toMatchObject({ shards: '2', node: 'UNASSIGNED', 'disk.total': null });
    const cm = (await f.client.cat.clusterManager({ format: 'json' })).body as any[];
    expect(cm[0].node).toBe('catnode');
    expect((await f.raw('GET', '/_cat/master?format=json')).json).toEqual(cm);
    const nodes = (await f.client.cat.nodes({ format: 'json', h: ['name', 'heap.percent', 'ram.percent', 'file_desc.current', 'node.role', 'cluster_manager', 'pid'] } as any)).body as any[];
    expect(nodes[0]).toMatchObject({ name: 'catnode', 'node.role': 'dimr', cluster_manager: '*', pid: String(process.pid) });
    expect(Number(nodes[0]['file_desc.current'])).toBeGreaterThan(3);
    expect(Number(nodes[0]['ram.percent'])).toBeGreaterThan(0);
    const pools = (await f.client.cat.threadPool({ format: 'json', h: ['name', 'active', 'rejected', 'completed'] } as any)).body as any[];
    expect(pools.find((p) => p.name === 'write')).toEqual({ name: 'write', active: '0', rejected: '0', completed: String(31) });
    const only = (await f.client.cat.threadPool({ thread_pool_patterns: 'se*', format: 'json', h: ['name'] } as any)).body;
    expect(only).toEqual([{ name: 'search' }]);
  });

  it('rejects an unknown sort column and an unknown format with illegal_argument_exception', async () => {
    const bad = await f.raw('GET', '/_cat/indices?s=nope&format=json');
    expect(bad.status).toBe(400);
    expect(bad.json.error.type).toBe('illegal_argument_exception');
    expect(bad.headers.get('content-type')).toBe('application/json; charset=UTF-8');
  });
});
