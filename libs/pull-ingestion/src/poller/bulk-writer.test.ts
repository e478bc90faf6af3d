import { bulkOutcomes, bulkSink } from './bulk-writer';

describe('bulkOutcomes', () => {
  it('reads an answer without errors from its head alone', () => {
    // Items that would not parse prove they were not parsed.
    expect(bulkOutcomes('{"took":3,"errors":false,"items":[not json', 2)).toEqual([{ kind: 'ok' }, { kind: 'ok' }]);
  });

  it('parses the items when the answer reports errors', () => {
    const raw = JSON.stringify({
      took: 1,
      errors: true,
      items: [
        { index: { status: 201, result: 'created' } },
        { index: { status: 409, error: { type: 'version_conflict_engine_exception', reason: 'v' } } },
        { delete: { status: 404, result: 'not_found' } },
        { index: { status: 400, error: { type: 'mapper_parsing_exception', reason: 'bad' } } },
        { index: { status: 429, error: { type: 'rejected_execution_exception', reason: 'busy' } } },
      ],
    });
    expect(bulkOutcomes(raw, 5)).toEqual([
      { kind: 'ok' },
      { kind: 'conflict' },
      { kind: 'ok' },
      { kind: 'invalid', error: 'mapper_parsing_exception: bad' },
      { kind: 'retry', error: 'rejected_execution_exception: busy' },
    ]);
  });

  it.each([
    ['an ingest_took key', '{"took":1,"ingest_took":0,"errors":false,"items":[{"index":{"status":201}}]}', 1],
    ['whitespace', '{ "took": 1, "errors": false, "items": [{"index":{"status":201}}] }', 1],
  ])('falls back to a full parse for %s', (_, raw, count) => {
    expect(bulkOutcomes(raw, count)).toEqual([{ kind: 'ok' }]);
  });

  it('refuses an answer whose items do not match the operations', () => {
    expect(() => bulkOutcomes('{"took":1,"errors":true,"items":[]}', 2)).toThrow('the _bulk answer has 0 items for 2 operations');
  });
});

describe('bulkSink', () => {
  it('sends one ndjson body with external versions, keeping create internal and deletes without a source', async () => {
    let sent = '';
    const sink = bulkSink(async () => ({
      bulkNdjson: async (body) => {
        sent = body;
        return '{"took":0,"errors":false,"items":[]}';
      },
    }));
    await sink.write('logs', [
      { op: 'index', id: 'a', version: '7', source: { n: 1 } },
      { op: 'create', id: 'b', version: '2', source: { n: 2 } },
      { op: 'delete', id: 'c', version: '3' },
      { op: 'index', source: { n: 4 } },
      { op: 'index', id: 'q"\\', version: '0009223372036854775807', source: {} },
    ]);
    expect(sent.split('\n')).toEqual([
      '{"index":{"_index":"logs","_id":"a","version":7,"version_type":"external"}}',
      '{"n":1}',
      '{"create":{"_index":"logs","_id":"b"}}',
      '{"n":2}',
      '{"delete":{"_index":"logs","_id":"c","version":3,"version_type":"external"}}',
      '{"index":{"_index":"logs"}}',
      '{"n":4}',
      '{"index":{"_index":"logs","_id":"q\\"\\\\","version":9223372036854775807,"version_type":"external"}}',
      '{}',
      '',
    ]);
  });
});
