import request from 'supertest';
import { definePlugin } from '../plugin/define-plugin';
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
