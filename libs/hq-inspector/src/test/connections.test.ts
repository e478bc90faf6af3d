import request from 'supertest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGateway, createLogger, createTestGateway, type TestGateway } from '@ferry/core';
import { clustersModule } from '@ferry/clusters';
import { hqInspectorPlugin } from '../index';
import { selfSignedCert, startSecuredUpstream, type SecuredUpstream } from './secured-upstream';

const PASSWORD = 'very-secret-pw';

describe('connections (ES 8 style HTTPS + basic auth peers)', () => {
  let a: SecuredUpstream;
  let b: SecuredUpstream;
  const dir = mkdtempSync(join(tmpdir(), 'hq-conn-'));
  const boot = () => createTestGateway({ modules: [clustersModule()], plugins: [hqInspectorPlugin], dataDir: dir, config: { clusters: { connections: {} } } });

  beforeAll(async () => {
    const cert = selfSignedCert();
    a = await startSecuredUpstream({ clusterName: 'prod', uuid: 'uuid-a', password: PASSWORD, cert });
    b = await startSecuredUpstream({ clusterName: 'prod', uuid: 'uuid-b', password: PASSWORD, cert });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('connects, refuses silent overwrites, keeps secrets out and survives a restart with its TLS options', async () => {
    let gw: TestGateway = await boot();
    try {
      const api = () => request(gw.url);
      const port = new URL(a.url).port;

      const noCreds = await api().post('/api/clusters/_connect').send({ ip: '127.0.0.1', port, use_ssl: true, tls: { ca: a.cert } });
      expect(noCreds.status).toBe(401);
      expect(noCreds.body.status_code).toBe(401);

      const untrusted = await api().post('/api/clusters/_connect').send({ ip: '127.0.0.1', port, use_ssl: true, username: 'elastic', password: PASSWORD });
      expect(untrusted.status).toBe(404);
      expect(untrusted.body.message).toMatch(/unreachable: .*(self.signed|certificate)/i);

      const ok = await api().post('/api/clusters/_connect').send({ ip: '127.0.0.1', port, use_ssl: true, username: 'elastic', password: PASSWORD, tls: { ca: a.cert } });
      expect(ok.status).toBe(201);
      expect(ok.body).toMatchObject({ status_code: 201, message: null });
      expect(Number.isInteger(ok.body.response_time)).toBe(true);
      expect(ok.body.data[0]).toMatchObject({
        cluster_name: 'prod',
        cluster_ip: '127.0.0.1',
        cluster_port: port,
        cluster_scheme: 'https',
        cluster_connected: true,
        cluster_version: '8.15.0',
        cluster_uuid: 'uuid-a',
        cluster_distribution: 'elasticsearch',
        cluster_tls: { verify: true, ca: true, clientCert: false },
      });
      expect(JSON.stringify(ok.body)).not.toContain(PASSWORD);

      const again = await api().post('/api/clusters/_connect').send({ url: a.url, username: 'elastic', password: PASSWORD, tls: { ca: a.cert } });
      expect(again.status).toBe(201);

      const clash = await api().post('/api/clusters/_connect').send({ url: b.url, username: 'elastic', password: PASSWORD, tls: { ca: b.cert } });
      expect(clash.status).toBe(409);
      expect(clash.body).toMatchObject({ status_code: 409, data: [] });
      expect(clash.body.message).toContain("A connection named 'prod' already exists for another cluster");

      const named = await api().post('/api/clusters/_connect').send({ url: b.url, name: 'prod-b', username: 'elastic', password: PASSWORD, tls: { ca: b.cert } });
      expect(named.status).toBe(201);
      expect(named.body.data[0]).toMatchObject({ cluster_name: 'prod-b', cluster_real_name: 'prod', cluster_uuid: 'uuid-b' });
      const inPath = await api().post('/api/clusters/prod-b/_connect').send({ url: b.url, username: 'elastic', password: PASSWORD, tls: { ca: b.cert } });
      expect(inPath.status).toBe(201);
      expect(inPath.body.data[0].cluster_name).toBe('prod-b');

      await gw.close();
      gw = await boot();
      const list = await api().get('/api/clusters');
      expect(list.status).toBe(200);
      expect(list.body.data.map((c: { cluster_name: string }) => c.cluster_name)).toEqual(['prod', 'prod-b']);
      expect(list.body.data[0]).toMatchObject({ cluster_connected: true, cluster_health: { status: 'green' }, cluster_settings: { show_dot_indices: true } });
      expect(JSON.stringify(list.body)).not.toContain(PASSWORD);
      expect((await api().get('/api/clusters/prod/_health')).body.data[0].status).toBe('green');

      expect((await api().delete('/api/clusters/prod-b/_connect')).body).toMatchObject({ status_code: 200, data: [null] });
      const gone = await api().delete('/api/clusters/prod-b/_connect');
      expect(gone.status).toBe(404);
      expect(gone.body.message).toBe("There is no connection with alias 'prod-b'.");
      expect((await api().delete('/api/clusters/_all/_connect')).status).toBe(200);
      expect((await api().get('/api/clusters')).body.data).toEqual([]);
    } finally {
      await gw.close();
    }
  });

  it('never writes a credential to the logs, even at trace level', async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'trace', destination: { write: (line: string) => void lines.push(line) } });
    const logDir = mkdtempSync(join(tmpdir(), 'hq-logs-'));
    const gateway = await createGateway({
      logger,
      modules: [clustersModule()],
      plugins: [hqInspectorPlugin],
      config: { dataDir: logDir, clusters: { connections: { dead: { url: 'http://127.0.0.1:1', auth: { type: 'basic', username: 'u', password: PASSWORD } } } } },
    });
    try {
      const url = `http://127.0.0.1:${(await gateway.listen({ port: 0, host: '127.0.0.1' })).port}`;
      const body = { url: a.url, name: 'logged', username: 'elastic', password: PASSWORD, tls: { ca: a.cert } };
      expect((await request(url).post('/api/clusters/_connect').send(body)).status).toBe(201);
      expect((await request(url).post('/api/clusters/_connect').send({ ...body, name: 'bad', password: `${PASSWORD}-wrong` })).status).toBe(401);
      expect((await request(url).get('/api/proxy/dead/_cluster/health')).status).toBe(502);
      expect((await request(url).get('/api/clusters/dead/_health')).status).toBe(404);
      expect((await request(url).get('/api/clusters')).status).toBe(200);
    } finally {
      await gateway.stop();
      rmSync(logDir, { recursive: true, force: true });
    }
    expect(lines.some((l) => l.includes('cluster connected'))).toBe(true);
    expect(lines.filter((l) => l.includes(PASSWORD) || l.includes(Buffer.from(`elastic:${PASSWORD}`).toString('base64')))).toEqual([]);
  });

  it.each([
    [{}, 400, 'Missing required parameters.'],
    [{ ip: 'ftp://x' }, 400, 'unsupported scheme'],
    [{ ip: '127.0.0.1', port: 'abc' }, 400, 'body.port'],
    [{ ip: '127.0.0.1', port: '1' }, 404, 'ECONNREFUSED'],
    [{ ip: '127.0.0.1', port: '1', use_ssl: true, tls: { key: 'not-a-pem-key' } }, 400, 'tls.key: cannot load the TLS key (PEM expected)'],
  ])('POST _connect %j → %d', async (body, status, message) => {
    const gw = await createTestGateway({ modules: [clustersModule()], plugins: [hqInspectorPlugin] });
    try {
      const res = await request(gw.url).post('/api/clusters/_connect').send(body);
      expect(res.status).toBe(status);
      expect(res.body.status_code).toBe(status);
      expect(res.body.message).toContain(message);
    } finally {
      await gw.close();
    }
  });
});
