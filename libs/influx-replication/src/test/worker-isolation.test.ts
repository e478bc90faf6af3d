import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestGateway } from '@ferry/core';
import type { Replication } from '../replications/replications.schemas';
import { call, startGateway, waitFor } from './helpers';
import { ScriptedRemote } from './scripted-remote';

/** Flips the last bytes of the newest queue segment: the record written last no longer matches its CRC. */
function corruptLastRecord(queueDir: string): void {
  const segments = readdirSync(queueDir).filter((f) => /^\d+$/.test(f)).sort((a, b) => Number(a) - Number(b));
  const file = join(queueDir, segments[segments.length - 1]);
  const bytes = readFileSync(file);
  expect(statSync(file).size).toBeGreaterThan(40);
  for (let i = bytes.length - 8; i < bytes.length; i++) bytes[i] ^= 0xff;
  writeFileSync(file, bytes);
}

/** A sender whose queue cannot be read: its replication says why, the others and the process go on. */
describe('influx sender: a worker that throws is isolated', () => {
  let gw: TestGateway;
  let remote: ScriptedRemote;
  let orgID: string;
  let remoteID: string;
  const get = async (id: string) => (await call(gw.url, 'GET', `/api/v2/replications/${id}`)).body as Replication;
  const replication = async (name: string, bucket: string) => {
    const localBucketID = (await call(gw.url, 'POST', '/api/v2/buckets', { body: { orgID, name: bucket } })).body.id;
    const res = await call(gw.url, 'POST', '/api/v2/replications', { body: { orgID, name, remoteID, localBucketID, remoteBucketName: 'target', maxQueueSizeBytes: 67108860 } });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const write = (bucket: string, body: string) => call(gw.url, 'POST', `/api/v2/write?org=acme&bucket=${bucket}`, { body });

  beforeAll(async () => {
    remote = new ScriptedRemote();
    await remote.start();
    gw = await startGateway({ org: 'acme', maxBackoffMs: 300 });
    orgID = (await call(gw.url, 'GET', '/api/v2/orgs?org=acme')).body.orgs[0].id;
    remoteID = (await call(gw.url, 'POST', '/api/v2/remotes', { body: { orgID, name: 'r', remoteURL: remote.url, remoteAPIToken: 'tok', remoteOrgID: orgID } })).body.id;
  });
  afterAll(async () => {
    await gw?.close();
    await remote?.stop();
  });

  it('shows the failure in latestErrorMessage, keeps the process and the other replication running', async () => {
    const broken = await replication('broken', 'b1');
    const healthy = await replication('healthy', 'b2');
    // The first batch is in flight for a while; the second is appended meanwhile and corrupted on disk.
    remote.delayMs = 800;
    expect((await write('b1', 'm,t=a value=1 1000')).status).toBe(204);
    await waitFor(() => remote.received.length > 0, 5_000, 'the first batch in flight');
    expect((await write('b1', 'm,t=a value=2 2000')).status).toBe(204);
    corruptLastRecord(join(gw.dataDir, 'influx', 'queues', broken));
    remote.delayMs = 0;
    await waitFor(async () => ((await get(broken)).latestErrorMessage ?? '').startsWith('replication stream failed: corrupt record'), 10_000, 'the reason in the status');
    expect(await get(broken)).toMatchObject({ latestResponseCode: 0, latestErrorMessage: expect.stringMatching(/; retrying$/) });

    expect((await write('b2', 'm,t=h value=3 3000')).status).toBe(204);
    await waitFor(async () => remote.delivered.some((l) => l.includes('t=h')), 10_000, 'the healthy replication delivering');
    expect(await get(healthy)).toMatchObject({ latestResponseCode: 204, latestErrorMessage: '' });
    expect((await call(gw.url, 'GET', '/health')).status).toBe(200);
  });
});
