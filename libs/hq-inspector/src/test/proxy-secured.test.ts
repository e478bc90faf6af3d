import request from 'supertest';
import { createTestGateway, type TestGateway } from '@ferry/core';
import { clustersModule } from '@ferry/clusters';
import { hqInspectorPlugin } from '../index';
import { startRecordingUpstream, type RecordingUpstream } from './recording-upstream';
import { selfSignedCert, startSecuredUpstream, type SecuredUpstream } from './secured-upstream';

/** `/api/proxy` to clusters that demand TLS and credentials: the connection's own, never the client's. */
describe('HQ proxy to a secured cluster', () => {
  let secured: SecuredUpstream;
  let recording: RecordingUpstream;
  let gw: TestGateway;

  beforeAll(async () => {
    const cert = selfSignedCert();
    secured = await startSecuredUpstream({ clusterName: 'locked', uuid: 'u-locked', password: 'right-pw', cert });
    recording = await startRecordingUpstream();
    const basic = (password: string) => ({ type: 'basic' as const, username: 'elastic', password });
    gw = await createTestGateway({
      modules: [clustersModule()],
      plugins: [hqInspectorPlugin],
      config: {
        clusters: {
          connections: {
            tls: { url: secured.url, auth: basic('right-pw'), tls: { ca: cert.cert } },
            wrongPw: { url: secured.url, auth: basic('wrong-pw'), tls: { ca: cert.cert } },
            noCa: { url: secured.url, auth: basic('right-pw') },
            apiKey: { url: recording.url, auth: { type: 'apiKey', apiKey: 'a2V5OnNlY3JldA==' } },
          },
        },
      },
    });
  });
  afterAll(async () => {
    await gw?.close();
    await secured?.close();
    await recording?.close();
  });

  it('reaches an HTTPS cluster with the connection’s CA and basic credentials', async () => {
    const res = await request(gw.url).get('/api/proxy/tls/_cluster/health').set('authorization', 'Basic Y2xpZW50OnB3');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ cluster_name: 'locked', status: 'green' });
  });

  it('passes the cluster’s 401 through without its www-authenticate challenge', async () => {
    const res = await request(gw.url).get('/api/proxy/wrongPw/_cluster/health');
    expect(res.status).toBe(401);
    expect(res.body.error.type).toBe('security_exception');
    expect(res.headers['www-authenticate']).toBeUndefined();
  });

  it('answers 502 in HQ’s envelope when the cluster’s certificate is not trusted', async () => {
    const res = await request(gw.url).get('/api/proxy/noCa/_cluster/health');
    expect(res.status).toBe(502);
    expect(res.body).toMatchObject({ status_code: 502, data: [], message: expect.stringContaining('the cluster could not be reached') });
  });

  it('sends the connection’s API key instead of the client’s Authorization', async () => {
    const res = await request(gw.url).get('/api/proxy/apiKey/_cat/indices').set('authorization', 'Bearer client-token');
    expect(res.status).toBe(200);
    expect(recording.seen[recording.seen.length - 1].headers.authorization).toBe('ApiKey a2V5OnNlY3JldA==');
  });
});
