import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startHarness, type IngestionHarness } from '../../test/harness';

const deep = (levels: number): string => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
const json = 'application/json';

/** One request with the body bytes as given (supertest would JSON-encode a Buffer). */
async function send(base: string, method: string, path: string, body: string | Buffer | undefined, type: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}${path}`, { method: method.toUpperCase(), headers: body === undefined ? {} : { 'content-type': type }, body });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

type Case = [name: string, method: 'put' | 'post' | 'get', path: string, body: string | Buffer | undefined, status: number];

describe('pull-ingestion routes: bad input is a 4xx in the OpenSearch envelope', () => {
  let h: IngestionHarness;

  beforeAll(async () => {
    h = await startHarness();
    const base = join(h.dir, 'streams');
    mkdirSync(join(base, 'logs'), { recursive: true });
    await h.client.indices.create({
      index: 'logs',
      body: { settings: { index: { number_of_shards: 1, number_of_replicas: 0 }, ingestion_source: { type: 'file', param: { stream: 'logs', base_directory: base } } } },
    });
  });
  afterAll(() => h.close());

  it.each<Case>([
    ['create with settings 5,000 levels deep', 'put', '/deep1', `{"settings":${deep(5000)}}`, 400],
    ['create with ingestion_source 5,000 levels deep', 'put', '/deep2', `{"settings":{"ingestion_source":${deep(5000)}}}`, 400],
    ['_settings 5,000 levels deep', 'put', '/logs/_settings', `{"index":${deep(5000)}}`, 400],
    ['_resume 5,000 levels deep', 'post', '/logs/ingestion/_resume', deep(5000), 400],
    ['_pause 101 levels deep', 'post', '/logs/ingestion/_pause', deep(101), 400],
    ['_update_by_query 5,000 levels deep', 'post', '/logs/_update_by_query', `{"query":${deep(5000)}}`, 400],
    ['_resume reset_settings a string', 'post', '/logs/ingestion/_resume', '{"reset_settings":"x"}', 400],
    ['_resume shard a string', 'post', '/logs/ingestion/_resume', '{"reset_settings":[{"shard":"x","mode":"offset","value":1}]}', 400],
    ['_resume invalid UTF-8 in a value', 'post', '/logs/ingestion/_resume', Buffer.from([0x7b, 0x22, 0x72, 0x65, 0x73, 0x65, 0x74, 0x5f, 0x73, 0x65, 0x74, 0x74, 0x69, 0x6e, 0x67, 0x73, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]), 400],
    ['_resume malformed', 'post', '/logs/ingestion/_resume', '{"reset_settings":', 400],
    ['_state size not a number', 'get', '/logs/ingestion/_state?size=x', undefined, 400],
    ['_state of a lone surrogate index', 'get', `/${encodeURIComponent('a')}%ED%A0%80/ingestion/_state`, undefined, 400],
  ])('%s', async (_name, method, path, body, status) => {
    const res = await send(h.gw.url, method, path, body, json);
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ status, error: { type: expect.any(String), reason: expect.any(String) } });
  });

  it('is still healthy after the table', async () => {
    expect((await send(h.gw.url, 'get', '/logs/ingestion/_state', undefined, json)).status).toBe(200);
  });
});
