import { describe, expect, it } from 'vitest';
import { ApiError, createClient, errorText, gatewayRoot } from './client';

describe('errorText: the API own words from each envelope', () => {
  it.each([
    ['opensearch', { error: { root_cause: [], type: 'index_not_found_exception', reason: 'no such index [x]' }, status: 404 }, 'index_not_found_exception: no such index [x]'],
    ['opensearch string', { error: 'Incorrect HTTP method', status: 405 }, 'Incorrect HTTP method'],
    ['gateway', { error: { code: 'forbidden', message: 'viewer may not POST' } }, 'viewer may not POST'],
    ['influx', { code: 'invalid', message: 'maxQueueSizeBytes too small' }, 'maxQueueSizeBytes too small'],
    ['hq', { status_code: 404, message: "There is no connection with alias 'x'.", data: [] }, "There is no connection with alias 'x'."],
  ])('%s', (_name, body, text) => expect(errorText(400, body)).toBe(text));

  it('falls back to the raw text, then the status', () => {
    expect(errorText(502, '<html>bad gateway</html>', '<html>bad gateway</html>')).toBe('HTTP 502: <html>bad gateway</html>');
    expect(errorText(500, null)).toBe('HTTP 500');
  });
});

describe('gatewayRoot', () => {
  it.each([
    ['/_console/', '/'],
    ['/_console', '/'],
    ['/ferry/_console/', '/ferry/'],
    ['/a/b/_console/x/y', '/a/b/'],
    ['/elsewhere', '/'],
  ])('%s → %s', (path, root) => expect(gatewayRoot(path)).toBe(root));
});

describe('createClient', () => {
  function fakeFetch(status: number, body: string) {
    const calls: { url: string; init: RequestInit }[] = [];
    const fn = (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response(body, { status });
    }) as unknown as typeof fetch;
    return { fn, calls };
  }

  it('sends the token as a header, never in the URL, and JSON bodies', async () => {
    const f = fakeFetch(200, '{"ok":true}');
    const client = createClient({ root: '/base/', token: () => 'secret-token', fetch: f.fn });
    const r = await client.call({ method: 'POST', path: '/_plugins/_replication/x/_pause', body: {} });
    expect(r.body).toEqual({ ok: true });
    expect(f.calls[0].url).toBe('/base/_plugins/_replication/x/_pause');
    expect(f.calls[0].url).not.toContain('secret');
    expect(f.calls[0].init.headers).toMatchObject({ authorization: 'Bearer secret-token', 'content-type': 'application/json' });
    expect(f.calls[0].init.body).toBe('{}');
  });

  it('throws ApiError with the envelope text on a refusal, or returns it when raw', async () => {
    const f = fakeFetch(403, '{"error":{"type":"security_exception","reason":"no permissions"},"status":403}');
    const client = createClient({ root: '/', token: () => null, fetch: f.fn });
    const err = await client.call({ method: 'GET', path: '/x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 403, message: 'security_exception: no permissions' });
    expect((f.calls[0].init.headers as Record<string, string>).authorization).toBeUndefined();
    const raw = await client.call({ method: 'GET', path: '/x' }, { raw: true });
    expect(raw.status).toBe(403);
  });

  it('keeps a non-JSON answer as text', async () => {
    const f = fakeFetch(200, 'green 1 node');
    const r = await createClient({ root: '/', token: () => null, fetch: f.fn }).call({ method: 'GET', path: '/_cat/health' });
    expect(r.body).toBe('green 1 node');
  });
});
