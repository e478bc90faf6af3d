import express from 'express';
import request from 'supertest';
import { jsonBody } from './body';
import { createErrorHandler } from './error-handler';
import { jsonDepthBeyond, jsonDepthExceeds, MAX_JSON_DEPTH, parseBoundedJson } from './json-depth';

const nested = (depth: number, open = '[', close = ']'): string => open.repeat(depth) + close.repeat(depth);

describe('jsonDepthExceeds', () => {
  it.each([
    ['flat object', '{"a":1}', 1, false],
    ['array at the limit', nested(100), 100, false],
    ['array one past the limit', nested(101), 100, true],
    ['objects past the limit', '{"a":'.repeat(101) + '1' + '}'.repeat(101), 100, true],
    ['brackets inside strings', `{"a":"${'['.repeat(500)}"}`, 100, false],
    ['escaped quote inside a string', `{"a":"\\"${'{'.repeat(500)}"}`, 100, false],
    ['siblings do not add up', `[${Array(500).fill('[]').join(',')}]`, 2, false],
    ['escaped backslash before the closing quote', `{"a":"\\\\","b":${nested(101)}}`, 100, true],
    ['escaped backslash then escaped quote', `{"a":"\\\\\\"${'['.repeat(500)}"}`, 100, false],
    ['many strings between the brackets', `[${Array(300).fill('"x[{"').join(',')},${nested(101)}]`, 100, true],
    ['an unterminated string', `{"a":"${'['.repeat(500)}`, 100, false],
  ])('%s', (_name, text, max, expected) => {
    expect(jsonDepthExceeds(text, max)).toBe(expected);
    expect(jsonDepthExceeds(Buffer.from(text), max)).toBe(expected);
  });

  it('scans a million levels without recursing', () => {
    expect(jsonDepthExceeds(nested(1_000_000), MAX_JSON_DEPTH)).toBe(true);
  });

  it('parseBoundedJson refuses with a 400 before JSON.parse', () => {
    expect(() => parseBoundedJson(nested(5000))).toThrow(expect.objectContaining({ status: 400, type: 'parsing_exception' }));
    expect(parseBoundedJson('{"a":[1]}')).toEqual({ a: [1] });
  });
});

describe('jsonBody depth limit', () => {
  const app = express();
  app.post('/', jsonBody(10_000_000), (req, res) => res.json({ ok: true, body: req.body }));
  app.use(createErrorHandler({ format: 'opensearch' }));

  it.each([
    ['5,000 arrays', nested(5000)],
    ['101 objects', '{"a":'.repeat(101) + '1' + '}'.repeat(101)],
  ])('refuses %s with a 400 parsing_exception', async (_name, body) => {
    const res = await request(app).post('/').set('content-type', 'application/json').send(body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: 400, error: { type: 'parsing_exception', reason: `the JSON body nests deeper than ${MAX_JSON_DEPTH} levels` } });
  });

  it('accepts a body at the limit', async () => {
    const res = await request(app).post('/').set('content-type', 'application/json').send(nested(MAX_JSON_DEPTH));
    expect(res.status).toBe(200);
  });
});

describe('jsonBody UTF-8', () => {
  const app = express();
  app.post('/strict', jsonBody(1000), (req, res) => res.json(req.body));
  app.post('/lossy', jsonBody(1000, { lossyUtf8: true }), (req, res) => res.json(req.body));
  app.use(createErrorHandler({ format: 'hq' }));
  const bad = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]);
  const post = (path: string) =>
    fetchApp(app, path, bad);

  it('refuses invalid UTF-8 with a 400', async () => {
    expect(await post('/strict')).toEqual({ status: 400, body: { status_code: 400, message: 'the request body is not valid UTF-8', data: [] } });
  });

  it('decodes it as U+FFFD when lossy', async () => {
    expect(await post('/lossy')).toEqual({ status: 200, body: { a: '\ufffd' } });
  });
});

async function fetchApp(app: express.Express, path: string, body: Buffer): Promise<{ status: number; body: unknown }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((ok) => server.once('listening', ok));
  try {
    const { port } = server.address() as { port: number };
    const res = await fetch(`http://127.0.0.1:${port}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    return { status: res.status, body: await res.json() };
  } finally {
    server.close();
  }
}

const objects = (n: number, leaf = '1') => '{"a":'.repeat(n) + leaf + '}'.repeat(n);
const arrays = (n: number) => '['.repeat(n) + ']'.repeat(n);

describe('jsonDepthBeyond at 1000 levels', () => {
  it.each([
    ['1000 nested objects', objects(1000), 0],
    ['1001 nested objects', objects(1001), 1001],
    ['5000 nested arrays', arrays(5000), 1001],
    ['brackets inside strings', `{"s":"${'['.repeat(5000)}"}`, 0],
    ['escaped quotes inside strings', `{"s":"\\"${'{'.repeat(2000)}"}`, 0],
    ['siblings that each stay shallow', `[${Array(3000).fill('[1]').join(',')}]`, 0],
  ])('%s', (_name, text, expected) => {
    expect(jsonDepthBeyond(text, 1000)).toBe(expected);
    expect(jsonDepthBeyond(Buffer.from(text), 1000)).toBe(expected);
  });
});
