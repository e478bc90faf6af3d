import type { ServerResponse } from 'node:http';
import type { PassThroughRequest } from '@ferry/core';
import type { LocalClusterClient } from '../http/local-cluster';
import { IngestionTargets } from './ingestion-targets';
import { guardBulk, type GuardContext } from './push-write-guard';

// `logs` ingests and has the alias `ing-alias`; every other index is plain.
const ALIASES = { status: 200, body: { logs: { aliases: { 'ing-alias': {} } } } };

function context() {
  const forwarded: string[] = [];
  const local = {
    // The cluster accepts every item it is sent.
    callNdjson: async (_method: string, _path: string, _query: URLSearchParams, ndjson: string) => {
      forwarded.push(ndjson);
      const items = ndjson.split('\n').filter((l) => l.startsWith('{"index"')).map(() => ({ index: { status: 201 } }));
      return { status: 200, body: { took: 1, errors: false, items } };
    },
  } as unknown as LocalClusterClient;
  const targets = new IngestionTargets({ names: () => ['logs'], call: async () => ALIASES });
  const ctx: GuardContext = { local, targets, names: () => ['logs'] };
  return { ctx, forwarded };
}

function request(path: string, body: string): PassThroughRequest {
  const segments = path.split('/').filter(Boolean);
  return { method: 'POST', path, segments, query: new URLSearchParams(), body: async () => Buffer.from(body) } as unknown as PassThroughRequest;
}

function response() {
  const out = { status: 0, body: undefined as undefined | { items: Record<string, { status: number }>[] } };
  const res = {
    writeHead: (status: number) => (out.status = status),
    end: (text: string) => (out.body = JSON.parse(text)),
  } as unknown as ServerResponse;
  return { res, out };
}

const item = (index: string, source = '{"n":1}') => `{"index":{"_index":"${index}"}}\n${source}\n`;

describe('guardBulk', () => {
  it.each([
    ['a prefix of an ingestion index', '/_bulk', item('logs-2024')],
    ['ingestion names inside the source text', '/_bulk', item('other', '{"msg":"logs ing-alias \\"logs\\" caf\\u00e9"}')],
    ['a path index that is a prefix', '/logs-2024/_bulk', '{"index":{}}\n{}\n'],
    ['an alias prefix', '/_bulk', item('ing-alias-2')],
  ])('lets %s go on to the cluster untouched', async (_, path, body) => {
    const { ctx, forwarded } = context();
    const { res, out } = response();
    expect(await guardBulk(ctx, request(path, body), res)).toBe(false);
    expect([forwarded, out.status]).toEqual([[], 0]);
  });

  it.each([
    ['the index', '/_bulk', item('logs'), [400]],
    ['an escaped index name', '/_bulk', item('\\u006cogs'), [400]],
    ['an alias', '/_bulk', item('other') + item('ing-alias'), [201, 400]],
    ['the path index', '/logs/_bulk', '{"index":{}}\n{}\n', [400]],
    ['the path index next to an explicit plain index', '/logs/_bulk', `{"index":{}}\n{}\n${item('other')}`, [400, 201]],
    ['an explicit index over a plain path index', '/other/_bulk', `{"index":{}}\n{}\n${item('logs')}`, [201, 400]],
  ])('refuses the items written to %s and runs the others', async (_, path, body, statuses) => {
    const { ctx } = context();
    const { res, out } = response();
    expect(await guardBulk(ctx, request(path, body), res)).toBe(true);
    expect(out.body?.items.map((i) => Object.values(i)[0].status)).toEqual(statuses);
  });
});
