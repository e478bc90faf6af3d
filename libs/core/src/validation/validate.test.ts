import express from 'express';
import request from 'supertest';
import { z } from 'zod';
import { createErrorHandler } from '../http/error-handler';
import { withInput } from './validate';
import { parseRequest } from './validate';

describe('request validation', () => {
  const schemas = {
    params: z.object({ id: z.string().regex(/^[0-9a-f]{16}$/, 'must be 16 hex characters') }),
    query: z.object({ orgID: z.string().min(1, 'orgID is required') }),
    body: z.object({ name: z.string(), maxQueueSizeBytes: z.number().int().min(33554430) }),
    headers: z.object({ 'x-team': z.string() }),
  };

  it('reports every issue of every part at once', () => {
    const req = { params: { id: 'xyz' }, query: {}, body: { maxQueueSizeBytes: 5 }, headers: {} };
    let caught: unknown;
    try {
      parseRequest(schemas, req as never);
    } catch (err) {
      caught = err;
    }
    const details = (caught as { details: { issues: { path: string }[] } }).details;
    expect(details.issues.map((i) => i.path)).toEqual([
      'params.id',
      'query.orgID',
      'body.name',
      'body.maxQueueSizeBytes',
      'headers.x-team',
    ]);
  });

  it.each([
    ['influx', (b: any) => expect(b).toEqual({ code: 'invalid', message: expect.stringContaining('query.orgID') })],
    ['hq', (b: any) => expect(b).toMatchObject({ status_code: 400, message: expect.stringContaining('body.name') })],
    [
      'opensearch',
      (b: any) => expect(b.error.reason).toBe('Validation Failed: 1: query.orgID: Invalid input: expected string, received undefined;2: body.name: Invalid input: expected string, received undefined;'),
    ],
  ] as const)('answers 400 in the %s envelope', async (format, check) => {
    const app = express();
    app.use(express.json());
    app.post(
      '/x',
      withInput({ query: schemas.query, body: z.object({ name: z.string() }) }, (input, _req, res) => {
        res.json(input);
      }),
    );
    app.use(createErrorHandler({ format }));
    const res = await request(app).post('/x').send({});
    expect(res.status).toBe(400);
    check(res.body);
  });

  it('passes typed, parsed input to the handler', async () => {
    const app = express();
    app.get(
      '/n',
      withInput({ query: z.object({ n: z.coerce.number().int() }) }, ({ query }, _req, res) => {
        res.json({ doubled: query.n * 2 });
      }),
    );
    const res = await request(app).get('/n?n=21');
    expect(res.body).toEqual({ doubled: 42 });
  });
});
