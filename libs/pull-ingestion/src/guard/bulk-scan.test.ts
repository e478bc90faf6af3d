import { bulkMayWriteTo } from './bulk-scan';
import { parseBulkEntries } from './bulk-split';

// `logs` and `café` are ingestion indices, `ing-alias` an alias of one.
const NAMES = new Set(['logs', 'café', 'ing-alias']);
const lines = (...ls: string[]) => Buffer.from(ls.map((l) => `${l}\n`).join(''));

/** What the full check refuses: some item whose `_index` is a name (the path index is checked before the scan). */
function fullCheckRefuses(body: Buffer): boolean {
  return (parseBulkEntries(body) ?? []).some((e) => typeof e.meta._index === 'string' && NAMES.has(e.meta._index));
}

const CASES: [string, Buffer, boolean][] = [
  ['a name that is a prefix of the index', lines('{"index":{"_index":"logs-2024","_id":"1"}}', '{"msg":"x"}'), false],
  ['a name inside the source text', lines('{"index":{"_index":"other"}}', '{"msg":"logs","k":"ing-alias"}'), false],
  ['a quoted name inside escaped source text', lines('{"index":{"_index":"other"}}', '{"msg":"caf\\u00e9 \\"logs\\""}'), false],
  ['a source that looks like an action on a name', lines('{"index":{"_index":"other"}}', '{"index":{"_index":"logs"}}'), false],
  ['an update doc with _index', lines('{"update":{"_index":"other","_id":"1"}}', '{"doc":{"_index":"logs"}}'), false],
  ['escapes in action lines that do not decode to a name', lines('{"index":{"_index":"caf\\u00e9s"}}', '{}'), false],
  ['a delete, then a source-like line after the next action', lines('{"delete":{"_index":"a","_id":"1"}}', '{"index":{"_index":"b"}}', '{"_index":"logs"}'), false],
  ['an index name', lines('{"index":{"_index":"logs","_id":"1"}}', '{}'), true],
  ['an alias name', lines('{"create":{"_index":"ing-alias"}}', '{}'), true],
  ['Python spacing', lines('{"index": {"_index": "logs", "_id": "1"}}', '{"a": 1}'), true],
  ['an escaped name', lines('{"index":{"_index":"\\u006cogs"}}', '{}'), true],
  ['a UTF-8 name', lines('{"index":{"_index":"café"}}', '{}'), true],
  ['a UTF-8 name, escaped', lines('{"create":{"_index":"caf\\u00e9"}}', '{}'), true],
  ['a UTF-8 prefix', lines('{"index":{"_index":"cafés"}}', '{}'), false],
  ['spaces around the action key', lines(' { "delete" : { "_index" : "a" } }', '{ "index" : { "_index" : "logs" } }', '{}'), true],
  ['a name after a delete (no source line)', lines('{"delete":{"_index":"a","_id":"1"}}', '{"index":{"_index":"logs"}}', '{}'), true],
  ['blank lines between items', Buffer.from('\n \n{"index":{"_index":"a"}}\n{"x":1}\n\n{"delete":{"_index":"logs","_id":"2"}}\n'), true],
  ['CRLF line ends', Buffer.from('{"index":{"_index":"a"}}\r\n{}\r\n{"index":{"_index":"logs"}}\r\n{}\r\n'), true],
  ['no trailing newline', Buffer.from('{"index":{"_index":"a"}}\n{}\n{"delete":{"_index":"logs","_id":"1"}}'), true],
  ['a name as _id (conservative: the full check decides)', lines('{"index":{"_index":"a","_id":"logs"}}', '{}'), true],
  // Bodies the scan cannot follow, once a name is somewhere in them: the full check decides.
  ['a blank source line', Buffer.from('{"index":{"_index":"a"}}\n\n{"logs":1}\n'), true],
  ['a missing last source', lines('{"index":{"_index":"logs-1"}}'), true],
  ['a line that is no action', lines('{"_index":"logs-1"}', '{}'), true],
  ['the same without any name or backslash (nothing to find)', lines('{"_index":"a"}', '{}'), false],
  ['an index on the path only', lines('{"index":{}}', '{"a":1}', '{"delete":{"_id":"1"}}'), false],
  ['an empty body', Buffer.alloc(0), false],
];

describe('bulkMayWriteTo', () => {
  it.each(CASES)('%s', (_, body, expected) => {
    expect(bulkMayWriteTo(body, NAMES)).toBe(expected);
  });

  it.each(CASES)('is never less strict than the full check: %s', (_, body) => {
    if (fullCheckRefuses(body)) expect(bulkMayWriteTo(body, NAMES)).toBe(true);
  });

  // Past 8 names the byte search is skipped: the scan alone gives the same answers on bodies it can follow.
  const many = new Set([...NAMES, ...Array.from({ length: 10 }, (_, i) => `other-ingestion-${i}`)]);
  it.each(CASES.filter(([label]) => !label.includes('nothing to find')))('gives the same answer with many names: %s', (_, body, expected) => {
    expect(bulkMayWriteTo(body, many)).toBe(expected);
  });

  it('leaves names holding U+FFFD to the full check (invalid UTF-8 decodes to it)', () => {
    const body = Buffer.concat([Buffer.from('{"index":{"_index":"a'), Buffer.from([0xff]), Buffer.from('b"}}\n{}\n')]);
    expect(parseBulkEntries(body)![0].meta._index).toBe('a\uFFFDb');
    expect(bulkMayWriteTo(body, new Set(['a\uFFFDb']))).toBe(true);
  });

  it('is false without ingestion names, whatever the body', () => {
    expect(bulkMayWriteTo(lines('{"index":{"_index":"logs"}}', '{}'), new Set())).toBe(false);
  });
});
