import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFerry, type Ferry } from '../compose';

describe('embedded.clusters[].flavor', () => {
  let ferry: Ferry | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'ferry-flavor-'));
  afterAll(async () => {
    await ferry?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts an embedded cluster that answers as the configured family', async () => {
    const embedded = { clusters: [{ name: 'local' }, { name: 'leader', flavor: 'elasticsearch-8' }] };
    ferry = await startFerry({ dataDir, server: { port: 0 }, log: { level: 'silent' }, embedded }, { version: '0.0.0', listen: false });
    const [local, leader] = ferry.embedded;
    const es = await fetch(`${leader.url}/`);
    expect(es.headers.get('x-elastic-product')).toBe('Elasticsearch');
    expect(((await es.json()) as { version: { build_flavor: string } }).version.build_flavor).toBe('default');
    const os = (await (await fetch(`${local.url}/`)).json()) as { version: { distribution: string } };
    expect(os.version.distribution).toBe('opensearch');
  });

  it('refuses an unknown flavor, naming the field', async () => {
    const embedded = { clusters: [{ name: 'x', flavor: 'solr-9' }] };
    await expect(startFerry({ dataDir, server: { port: 0 }, log: { level: 'silent' }, embedded }, { version: '0.0.0', listen: false })).rejects.toThrow(/clusters\.0\.flavor/);
  });
});
