import request from 'supertest';
import { createTestGateway, type TestGateway } from '@ferry/core';
import { clustersModule, localPassThrough } from '../index';
import { startClosingUpstream, type ClosingUpstream } from '../../../../tools/peers/closing-upstream';

/** The pass-through over HTTP when the cluster closes a reused keep-alive socket as a request arrives. */
describe('pass-through on a keep-alive socket the upstream closed', () => {
  let gw: TestGateway;
  let upstream: ClosingUpstream;

  beforeEach(async () => {
    upstream = await startClosingUpstream();
    gw = await createTestGateway({ modules: [clustersModule()], fallback: localPassThrough(), config: { clusters: { connections: { local: { url: upstream.url } } } } });
  });
  afterEach(async () => {
    await gw.close();
    await upstream.close();
  });

  it.each(['get', 'head', 'delete', 'options'] as const)('sends an idempotent %s once more on a fresh socket', async (method) => {
    await request(gw.app).get('/_cluster/health').expect(200);
    const res = await request(gw.app)[method]('/_cluster/health');
    expect(res.status).toBe(200);
    expect(upstream.killed()).toBe(1);
    expect(upstream.answered()).toBe(2);
  });

  it('does not send a POST again: a 502 in the OpenSearch envelope', async () => {
    await request(gw.app).get('/').expect(200);
    const res = await request(gw.app).post('/logs/_doc').send({ a: 1 });
    expect(res.status).toBe(502);
    expect(res.body).toMatchObject({ status: 502, error: { type: 'connect_transport_exception' } });
    expect(upstream.answered()).toBe(1);
  });
});
