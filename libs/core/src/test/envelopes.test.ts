import request from 'supertest';
import { createTestGateway, type TestGateway } from '../testing/test-gateway';
import { notesPlugin } from './fixture-plugin';

const VIEWER = 'Bearer viewer-token-0123456789';
const tokens = [{ name: 'ann', token: 'viewer-token-0123456789', role: 'viewer' }];

// notesPlugin speaks the influx envelope; the gateway its own; nothing is Express's HTML.
const influx = (body: unknown) => expect(body).toEqual({ code: 'not found', message: expect.stringContaining('no handler found') });
const gateway = (code: string) => (body: unknown) => expect(body).toEqual({ error: { code, message: expect.any(String) } });

describe('every answer is in its family envelope', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await createTestGateway({ plugins: [notesPlugin], config: { auth: { tokens } }, listen: false });
  });
  afterAll(() => gw.close());

  it.each([
    ['GET', '/_gateway/nothing', 404, gateway('not_found')],
    ['GET', '/_gateway', 404, gateway('not_found')],
    ['DELETE', '/_gateway/info/x', 404, gateway('not_found')],
    ['POST', '/_gateway/info', 405, gateway('method_not_allowed')],
    ['PUT', '/_gateway/metrics', 405, gateway('method_not_allowed')],
    ['DELETE', '/_gateway/openapi.json', 405, gateway('method_not_allowed')],
    ['GET', '//_gateway/info', 404, gateway('not_found')],
    ['GET', '//notes', 404, influx],
    ['POST', '/notes//search/x', 404, influx],
    ['GET', '//echo/x', 404, influx],
    ['GET', '/notes/a/b/c', 404, influx],
    ['GET', '/echo/later', 404, (b: unknown) => expect(b).toEqual({ code: 'not found', message: 'nothing later' })],
  ] as const)('%s %s → %s', async (method, path, status, check) => {
    const res = await request(gw.app)[method.toLowerCase() as 'get'](path).set('authorization', VIEWER);
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    check(res.body);
  });

  it('names the allowed methods on a 405, also on the open health route', async () => {
    const res = await request(gw.app).post('/_gateway/health').expect(405);
    expect(res.headers.allow).toBe('GET, HEAD');
    expect(res.body.error.code).toBe('method_not_allowed');
    await request(gw.app).options('/_gateway/info').set('authorization', VIEWER).expect(204).expect('allow', 'GET, HEAD');
  });

  it('keeps a trailing slash a route of its own plugin', async () => {
    await request(gw.app).get('/notes/').set('authorization', VIEWER).expect(200);
  });

  it.each([['/_gateway/nothing'], ['//notes'], ['/notes/a/b/c']])('answers HEAD %s without a body', async (path) => {
    const res = await request(gw.app).head(path).set('authorization', VIEWER).expect(404);
    expect(res.text ?? '').toBe('');
  });
});
