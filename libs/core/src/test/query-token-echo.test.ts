import request from 'supertest';
import { definePlugin } from '../plugin/define-plugin';
import { requireRole } from '../auth/require-role';
import { createTestGateway } from '../testing/test-gateway';

const TOKEN = 'query-token-0123456789abcdef';

/** A plugin that takes its token as `?p=` (as InfluxDB 1.x clients send it). */
const queryTokenPlugin = definePlugin({
  id: 'qt',
  mounts: ['/write'],
  auth: { tokenQueryParams: ['p'] },
  errorFormat: 'influx',
  register({ router }) {
    router.post('/', (_req, res) => void res.status(204).end());
  },
});

describe('a token in the query string', () => {
  it.each([`/write%ZZ?p=${TOKEN}`, `/write%ZZ/x?db=a&p=${TOKEN}`])('is not echoed by the 400 of an undecodable path (%#)', async (url) => {
    const gw = await createTestGateway({ plugins: [queryTokenPlugin], config: { auth: { tokens: [{ name: 'w', token: TOKEN, role: 'operator' }] } } });
    try {
      const res = await request(gw.app).post(url).send('x');
      expect(res.status).toBe(400);
      expect(res.text).toContain('invalid path: /write%ZZ');
      expect(res.text).not.toContain(TOKEN);
      expect(JSON.stringify(res.headers)).not.toContain(TOKEN);
    } finally {
      await gw.close();
    }
  });
});

/** A plugin with an admin-only route that takes its token as `?p=`. */
const adminRoutePlugin = definePlugin({
  id: 'adm',
  mounts: ['/admin-only'],
  auth: { tokenQueryParams: ['p'] },
  errorFormat: 'gateway',
  register({ router }) {
    router.post('/', requireRole('admin'), (_req, res) => void res.status(204).end());
  },
});

describe('requireRole', () => {
  it('refuses a lesser role with a 403 that names the path but not the query string holding the token', async () => {
    const gw = await createTestGateway({ plugins: [adminRoutePlugin], config: { auth: { tokens: [{ name: 'op', token: TOKEN, role: 'operator' }] } } });
    try {
      const res = await request(gw.app).post(`/admin-only?x=1&p=${TOKEN}`).send('x');
      expect(res.status).toBe(403);
      expect(res.text).toContain('op (role operator) may not POST /admin-only: it needs the admin role');
      expect(res.text).not.toContain(TOKEN);
    } finally {
      await gw.close();
    }
  });
});
