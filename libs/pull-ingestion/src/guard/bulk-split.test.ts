import { bulkBody, mergeItems, parseBulkEntries, refusedItem } from './bulk-split';

describe('bulk splitting', () => {
  it.each([
    ['{"index":{"_index":"a","_id":"1"}}\n{"x":1}\n{"delete":{"_id":2}}\n', [['index', 'a', '1'], ['delete', undefined, 2]]],
    ['{"update":{"_id":"1"}}\n{"doc":{"_index":"not-an-action"}}\n\n', [['update', undefined, '1']]],
  ])('parses %j', (body, expected) => {
    expect(parseBulkEntries(Buffer.from(body))!.map((e) => [e.action, e.meta._index, e.meta._id])).toEqual(expected);
  });

  it.each([['not json\n'], ['{"index":{}}\n'], ['{"upsert":{}}\n{}\n'], ['{"index":{},"delete":{}}\n']])('gives up on %j (the cluster refuses the whole body)', (body) => {
    expect(parseBulkEntries(Buffer.from(body))).toBeUndefined();
  });

  it('keeps lines byte for byte and merges answers in request order', () => {
    const entries = parseBulkEntries(Buffer.from('{"index":{"_index":"a"}}\n{"x": 1}\n{"delete":{"_index":"i","_id":"7"}}\n'))!;
    expect(bulkBody([entries[0]])).toBe('{"index":{"_index":"a"}}\n{"x": 1}\n');
    const refused = new Map([[1, refusedItem(entries[1], 'i')]]);
    expect(refused.get(1)).toEqual({ delete: { _index: 'i', _id: '7', status: 400, error: { type: 'ingestion_engine_exception', reason: 'push-based deletion is not supported in ingestion engine, use streaming source instead' } } });
    expect(mergeItems(2, refused, [{ index: { status: 201 } }])).toEqual([{ index: { status: 201 } }, refused.get(1)]);
  });
});
