import express from 'express';
import request from 'supertest';
import { createTestGateway } from '../testing/test-gateway';
import { allowedMethods } from './allowed-methods';
import { definePlugin } from './define-plugin';

function nestedRouter(): express.Router {
  const inner = express.Router({ mergeParams: true });
  inner.get('/:id', (_req, res) => void res.json({ ok: true }));
  inner.delete('/:id', (_req, res) => void res.status(204).end());
  const router = express.Router();
  router.post('/things', (_req, res) => void res.status(201).json({}));
  router.use('/things', inner);
  router.put('/things/:id/_start', (_req, res) => void res.json({}));
  return router;
}

describe('allowedMethods', () => {
  it.each([
    ['/things', ['POST']],
    ['/things/7', ['DELETE', 'GET', 'HEAD']],
    ['/things/7/_start', ['PUT']],
    ['/nothing', []],
    ['/things/7/_start/more', []],
  ])('%s → %j', (path, expected) => {
    expect(allowedMethods(nestedRouter(), path)).toEqual(expected);
  });
});

const thingsPlugin = definePlugin({
  id: 'things',
  mounts: ['/_things'],
  errorFormat: 'opensearch',
  register({ router }) {
    router.use(nestedRouter());
  },
});

describe('a plugin route asked with another method', () => {
  it('answers 405 with Allow in the plugin envelope; an unknown path stays a 404; HEAD follows GET', async () => {
    const gw = await createTestGateway({ plugins: [thingsPlugin] });
    try {
      const wrong = await request(gw.app).post('/_things/things/7');
      expect(wrong.status).toBe(405);
      expect(wrong.headers.allow).toBe('DELETE, GET, HEAD');
      expect(wrong.headers['content-type']).toMatch(/^application\/json/);
      expect(wrong.body).toMatchObject({
        status: 405,
        error: { type: 'method_not_allowed_exception', reason: 'Incorrect HTTP method for uri [/_things/things/7] and method [POST], allowed: [DELETE, GET, HEAD]' },
      });
      const unknown = await request(gw.app).post('/_things/nope');
      expect(unknown.status).toBe(404);
      expect((await request(gw.app).head('/_things/things/7')).status).toBe(200);
    } finally {
      await gw.close();
    }
  });
});
