import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError } from '../errors/app-error';
import { definePlugin } from '../plugin/define-plugin';
import { createTestGateway, type TestGateway } from '../testing/test-gateway';

const VIEWER = 'viewer-token-0123456789abcdef';

/** Answers WebSocket-style upgrades on /echo itself, authenticated through the hook's context. */
function upgradePlugin(seen: Server[]) {
  return definePlugin({
    id: 'up',
    mounts: ['/up'],
    errorFormat: 'gateway',
    register({ onServer }) {
      onServer(({ server, authenticate }) => {
        seen.push(server);
        server.on('upgrade', (req, socket) => {
          try {
            const who = authenticate(req, { tokenQueryParams: ['t'] });
            socket.end(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\nX-Principal: ${who?.name ?? '-'}\r\n\r\n`);
          } catch (err) {
            socket.end(`HTTP/1.1 ${(err as AppError).status} Refused\r\nContent-Length: 0\r\n\r\n`);
          }
        });
      });
    },
  });
}

/** Sends one upgrade request; resolves with the status and the principal the hook saw. */
function upgrade(url: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; principal?: string }> {
  return new Promise((ok, fail) => {
    const req = httpRequest(`${url}${path}`, { headers: { connection: 'Upgrade', upgrade: 'echo', ...headers } });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      ok({ status: res.statusCode ?? 0, principal: res.headers['x-principal'] as string });
    });
    req.on('response', (res) => {
      res.resume();
      ok({ status: res.statusCode ?? 0 });
    });
    req.on('error', fail);
    req.end();
  });
}

describe('onServer: a plugin attaches to the gateway’s HTTP server', () => {
  let gw: TestGateway | undefined;
  afterEach(async () => {
    await gw?.close();
    gw = undefined;
  });

  it('runs the hook once with the server that listens, and upgrades pass through it', async () => {
    const seen: Server[] = [];
    gw = await createTestGateway({ plugins: [upgradePlugin(seen)] });
    expect(seen).toHaveLength(1);
    expect((seen[0].address() as AddressInfo).port).toBe(Number(new URL(gw.url).port));
    expect(await upgrade(gw.url, '/echo')).toEqual({ status: 101, principal: '-' });
  });

  it('is not run when the gateway does not listen', async () => {
    const seen: Server[] = [];
    gw = await createTestGateway({ plugins: [upgradePlugin(seen)], listen: false });
    expect(seen).toHaveLength(0);
  });

  it.each([
    ['no token', '/echo', {}, 401, undefined],
    ['a wrong token', '/echo', { authorization: 'Bearer wrong-token-0123456789abcdef' }, 401, undefined],
    ['a viewer bearer token', '/echo', { authorization: `Bearer ${VIEWER}` }, 101, 'v'],
    ['the token in the hook’s query parameter', `/echo?t=${VIEWER}`, {}, 101, 'v'],
    ['the token in another query parameter', `/echo?p=${VIEWER}`, {}, 401, undefined],
  ])('with auth on, %s', async (_case, path, headers, status, principal) => {
    gw = await createTestGateway({ plugins: [upgradePlugin([])], config: { auth: { tokens: [{ name: 'v', token: VIEWER, role: 'viewer' }] } } });
    const res = await upgrade(gw.url, path, headers as Record<string, string>);
    expect(res.status).toBe(status);
    expect(res.principal).toBe(principal);
  });
});
