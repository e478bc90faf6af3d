import fc from 'fast-check';
import type { BodyKind } from './operations';

type Sample = Extract<BodyKind, { kind: 'sample' }>['sample'];

const word = fc.constantFrom('hello', 'world', 'fz', 'ü', '日本', '');

/** Valid OpenSearch bodies, per kind of operation. */
export const SAMPLES: Record<Sample, fc.Arbitrary<unknown>> = {
  doc: fc.record({ msg: word, n: fc.integer({ min: -5, max: 1_000_000 }), tags: fc.array(word, { maxLength: 3 }) }, { requiredKeys: [] }),
  query: fc.constantFrom(
    { query: { match_all: {} } },
    { query: { term: { msg: 'hello' } }, size: 2 },
    { query: { bool: { must: [{ match: { msg: 'hello' } }] } } },
    { docs: [{ _index: 'fz-logs', _id: '1' }] },
    { source: { index: 'fz-logs' }, dest: { index: 'fz-copy' } },
    { text: 'hello world', analyzer: 'standard' },
    { scroll_id: 'abc', scroll: '1m' },
    { indices: ['fz-logs'] },
  ),
  index: fc.oneof(
    fc.record({
      settings: fc.record({ number_of_shards: fc.integer({ min: 1, max: 3 }), number_of_replicas: fc.integer({ min: 0, max: 1 }) }),
      mappings: fc.constant({ properties: { msg: { type: 'text' } } }),
    }),
    // A pull-ingestion index: the pull-ingestion plugin intercepts its creation.
    fc.constant({ settings: { ingestion_source: { type: 'file', pointer: { init: { reset: 'earliest' } }, param: { stream: 'fz-x', base_directory: 'fz-streams' } } } }),
  ),
  mapping: fc.record({ properties: fc.dictionary(fc.constantFrom('a', 'b', 'msg', 'n'), fc.record({ type: fc.constantFrom('keyword', 'text', 'long', 'date', 'boolean') }), { maxKeys: 2 }) }),
  settings: fc.constantFrom(
    { index: { number_of_replicas: 0 } },
    { persistent: { 'cluster.routing.allocation.enable': 'all' } },
    { persistent: { 'cluster.remote.fzr.seeds': ['127.0.0.1:9300'] } },
    { type: 'fs', settings: { location: 'fz-repo' } },
  ),
  aliases: fc.constantFrom({ actions: [{ add: { index: 'fz-logs', alias: 'fz-alias' } }] }, { actions: [{ remove: { index: 'fz-logs', alias: 'fz-alias' } }] }),
  pit: fc.constantFrom({ pit_id: ['x'] }, { pit_id: [] }),
};

/** A valid `_bulk` / `_msearch` body: NDJSON action and source lines. */
export const bulkBody: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc.record({ id: fc.constantFrom('1', '2', 'x') }).map(({ id }) => `{"index":{"_index":"fz-logs","_id":"${id}"}}\n{"msg":"bulk"}`),
      fc.constant('{"delete":{"_index":"fz-logs","_id":"2"}}'),
      fc.constant('{"index":"fz-logs"}\n{"query":{"match_all":{}}}'),
    ),
    { minLength: 1, maxLength: 4 },
  )
  .map((lines) => `${lines.join('\n')}\n`);

/** Valid line protocol. */
export const lineProtocol: fc.Arbitrary<string> = fc
  .array(fc.tuple(fc.constantFrom('cpu', 'mem', 'disk'), fc.integer({ min: 0, max: 100 })).map(([m, v]) => `${m},host=fz value=${v}i`), { minLength: 1, maxLength: 5 })
  .map((lines) => lines.join('\n'));
