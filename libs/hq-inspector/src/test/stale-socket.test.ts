import { createTestGateway, type TestGateway } from '@ferry/core';
import { clustersModule } from '@ferry/clusters';
import { hqInspectorPlugin } from '../index';
import { startClosingUpstream, type ClosingUpstream } from '../../../../tools/peers/closing-upstream';

/** A keep-alive client, as a browser is (supertest sends `connection: close`, which the proxy passes on). */
async function call(base: string, method: string, path: string, body?: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}${path}`, { method: method.toUpperCase(), body, headers: body ? { 'content-type': 'application/json' } : {} });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** HQ's proxy and cluster calls when the cluster closes a reused keep-alive socket as a request arrives. */
describe('HQ on a keep-alive socket the cluster closed', () => {
  let upstream: ClosingUpstream;
  let gw: TestGateway;

  beforeEach(async () => {
    upstream = await startClosingUpstream();
    gw = await createTestGateway({ modules: [clustersModule()], plugins: [hqInspectorPlugin], config: { clusters: { connections: { up: { url: upstream.url } } } } });
  });
  afterEach(async () => {
    await gw?.close();
    await upstream?.close();
  });

  it.each(['get', 'head', 'delete', 'options'] as const)('the proxy sends a bodyless %s once more on a fresh socket', async (method) => {
    expect((await call(gw.url, 'get', '/api/proxy/up/')).status).toBe(200);
    const res = await call(gw.url, method, '/api/proxy/up/_cluster/health');
    expect(res.status).toBe(200);
    expect(upstream.killed()).toBe(1);
    expect(upstream.answered()).toBe(2);
  });

  it('the proxy does not send a POST again: a 502 in HQ’s envelope', async () => {
    expect((await call(gw.url, 'get', '/api/proxy/up/')).status).toBe(200);
    const res = await call(gw.url, 'post', '/api/proxy/up/logs/_doc', '{"a":1}');
    expect(res.status).toBe(502);
    expect(res.body).toEqual({ status_code: 502, message: expect.stringContaining('the cluster could not be reached'), data: [] });
    expect(upstream.answered()).toBe(1);
  });

  it('a cluster call (GET) goes once more on a fresh socket', async () => {
    expect((await call(gw.url, 'get', '/api/clusters/up/_health')).status).toBe(200);
    const res = await call(gw.url, 'get', '/api/clusters/up/_health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status_code: 200, data: [expect.objectContaining({ cluster_name: 'closing' })] });
    expect(upstream.killed()).toBe(1);
  });
});
