import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestGateway } from '@ferry/core';
import { call, startGateway } from './helpers';

describe('influx replications and remotes under concurrent control calls', () => {
  let edge: TestGateway;
  let central: TestGateway;
  let dataDir: string;
  let orgID: string;
  let bucketID: string;
  let centralOrgID: string;
  let writing = true;
  let writer: Promise<void>;

  const api = (method: string, path: string, body?: unknown) => call(edge.url, method, path, { body });
  const queues = () => (existsSync(join(dataDir, 'influx', 'queues')) ? readdirSync(join(dataDir, 'influx', 'queues')).sort() : []);
  const replicationIds = async () => ((await api('GET', `/api/v2/replications?orgID=${orgID}`)).body.replications as { id: string }[]).map((r) => r.id).sort();
  const newRemote = async (name: string) =>
    (await api('POST', '/api/v2/remotes', { orgID, name, remoteURL: central.url, remoteAPIToken: 'unused-token-0123456789', remoteOrgID: centralOrgID, allowInsecureTLS: false })).body.id as string;
  const newReplication = (name: string, remoteID: string) =>
    api('POST', '/api/v2/replications', { orgID, name, remoteID, localBucketID: bucketID, remoteBucketName: 'all', maxQueueSizeBytes: 67108860 });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'influx-cc-'));
    central = await startGateway({ org: 'central', bucket: 'all' });
    edge = await startGateway({ org: 'acme', bucket: 'telemetry' }, {}, dataDir);
    orgID = (await api('GET', '/api/v2/orgs?org=acme')).body.orgs[0].id;
    bucketID = (await api('GET', `/api/v2/buckets?orgID=${orgID}&name=telemetry`)).body.buckets[0].id;
    centralOrgID = (await call(central.url, 'GET', '/api/v2/orgs?org=central')).body.orgs[0].id;
    writer = (async () => {
      for (let i = 0; writing; i++) {
        await api('POST', '/api/v2/write?org=acme&bucket=telemetry', `cpu,host=a v=${i} ${Date.now()}000000`);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
  });
  afterAll(async () => {
    writing = false;
    await writer;
    await edge?.close();
    await central?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('applies every concurrent PATCH of one replication (no lost update)', async () => {
    const id = (await newReplication('patched', await newRemote('r-patch'))).body.id as string;
    const patches = [{ description: 'desc' }, { maxQueueSizeBytes: 40_000_000 }, { maxAgeSeconds: 3600 }, { dropNonRetryableData: true }, { name: 'patched-renamed' }, { concurrentRequests: 2 }];
    const answers = await Promise.all(patches.map((body) => api('PATCH', `/api/v2/replications/${id}`, body)));
    expect(answers.map((a) => a.status)).toEqual(patches.map(() => 200));
    expect((await api('GET', `/api/v2/replications/${id}`)).body).toMatchObject(Object.assign({}, ...patches));
  });

  it('deletes a replication once among concurrent DELETEs and PATCHes, leaving no queue behind', async () => {
    const id = (await newReplication('deleted', await newRemote('r-delete'))).body.id as string;
    expect(queues()).toContain(id);
    const calls = Array.from({ length: 8 }, (_, i) => (i % 2 ? api('DELETE', `/api/v2/replications/${id}`) : api('PATCH', `/api/v2/replications/${id}`, { description: `d${i}` })));
    const answers = await Promise.all(calls);
    const deletes = answers.filter((_, i) => i % 2).map((a) => a.status).sort();
    expect(deletes).toEqual([204, 404, 404, 404]);
    for (const a of answers.filter((_, i) => i % 2 === 0)) expect([200, 404]).toContain(a.status);
    expect((await api('GET', `/api/v2/replications/${id}`)).status).toBe(404);
    expect(queues()).toEqual(await replicationIds());
  });

  it('never leaves a replication (or its queue) on a remote deleted concurrently', async () => {
    for (let round = 0; round < 4; round++) {
      const remoteID = await newRemote(`r-race-${round}`);
      const answers = await Promise.all([
        api('DELETE', `/api/v2/remotes/${remoteID}`),
        newReplication(`on-race-${round}`, remoteID),
        api('DELETE', `/api/v2/remotes/${remoteID}`),
        api('DELETE', `/api/v2/remotes/${remoteID}`),
      ]);
      const [created, ...removals] = [answers[1], answers[0], answers[2], answers[3]];
      const removed = removals.filter((a) => a.status === 204).length;
      // Serially: the create first (201, every delete 409), or one delete first (204, then 404s and a refused create).
      if (created.status === 201) expect(removals.map((a) => a.status)).toEqual([409, 409, 409]);
      else {
        expect(created.status).toBe(400);
        expect(removed).toBe(1);
        expect(removals.map((a) => a.status).sort()).toEqual([204, 404, 404]);
      }
    }
    expect(queues()).toEqual(await replicationIds());
  });

  it('never leaves a queue for a replication deleted while it is being created', async () => {
    const remoteID = await newRemote('r-early');
    for (let round = 0; round < 6; round++) {
      const name = `early-${round}`;
      const creating = newReplication(name, remoteID);
      // Deletes it as soon as a listing shows it, possibly before the create has answered.
      let deleted: { status: number } | undefined;
      while (!deleted) {
        const found = (await api('GET', `/api/v2/replications?orgID=${orgID}&name=${name}`)).body.replications as { id: string }[];
        if (found.length > 0) deleted = await api('DELETE', `/api/v2/replications/${found[0].id}`);
      }
      expect(deleted.status).toBe(204);
      const created = await creating;
      expect(created.status).toBe(201);
      expect((await api('GET', `/api/v2/replications/${created.body.id}`)).status).toBe(404);
    }
    expect(queues()).toEqual(await replicationIds());
  });

  it('never leaves a queue for a replication created while its bucket is deleted', async () => {
    const remoteID = await newRemote('r-bucket');
    for (let round = 0; round < 4; round++) {
      const bucket = (await api('POST', '/api/v2/buckets', { orgID, name: `tmp-${round}`, retentionRules: [] })).body.id as string;
      const [created, removed] = await Promise.all([
        api('POST', '/api/v2/replications', { orgID, name: `on-tmp-${round}`, remoteID, localBucketID: bucket, remoteBucketName: 'all' }),
        api('DELETE', `/api/v2/buckets/${bucket}`),
      ]);
      expect(removed.status).toBe(204);
      // Serially: created then removed with its bucket, or refused for a bucket already gone.
      expect([201, 400]).toContain(created.status);
      if (created.status === 201) expect((await api('GET', `/api/v2/replications/${created.body.id}`)).status).toBe(404);
    }
    expect(queues()).toEqual(await replicationIds());
  });
});
