import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFerry } from './compose';

describe('a gateway on a shared store', () => {
  const store = { kind: 'postgres', url: 'postgres://ferry@127.0.0.1:1/ferry' };
  const dataDir = mkdtempSync(join(tmpdir(), 'ferry-shared-check-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it.each([
    ['the default embedded local cluster', {}],
    ['an embedded cluster named like the local one', { embedded: { clusters: [{ name: 'local' }] } }],
  ])('refuses to start with %s, and says why', async (_what, extra) => {
    await expect(startFerry({ store, dataDir, log: { level: 'silent' }, ...extra }, { version: 'test', listen: false })).rejects.toThrow(
      /store is shared \(postgres\) but the local cluster 'local' would be this gateway's in-process embedded cluster.*clusters\.connections\.local\.url/,
    );
  });

  it('gets past the check with a local cluster reached by URL (then needs its database)', async () => {
    const raw = { store, dataDir, log: { level: 'silent' }, clusters: { connections: { local: { url: 'http://127.0.0.1:9' } } } };
    // Port 1 has no PostgreSQL: the failure now comes from opening the store, not from the cluster check.
    await expect(startFerry(raw, { version: 'test', listen: false })).rejects.not.toThrow(/in-process embedded cluster/);
  });
});
