import { type ClusterFixture, startFixture } from '../test/cluster-fixture';

const malformed = (detail: string) => `Malformed action/metadata line [1], ${detail}`;

// Action/metadata lines OpenSearch's BulkRequestParser refuses, with its messages.
const LINES: [string, string][] = [
  ['null', malformed('expected START_OBJECT but found [VALUE_NULL]')],
  ['5', malformed('expected START_OBJECT but found [VALUE_NUMBER]')],
  ['1.5', malformed('expected START_OBJECT but found [VALUE_NUMBER]')],
  ['"index"', malformed('expected START_OBJECT but found [VALUE_STRING]')],
  ['true', malformed('expected START_OBJECT but found [VALUE_BOOLEAN]')],
  ['[]', malformed('expected START_OBJECT but found [START_ARRAY]')],
  ['[{"index":{}}]', malformed('expected START_OBJECT but found [START_ARRAY]')],
  ['{}', malformed('expected FIELD_NAME but found [END_OBJECT]')],
  ['{"upsert":{}}', malformed('expected field [create], [delete], [index] or [update] but found [upsert]')],
  ['{"index":{"_index":"b"},"delete":{"_index":"b"}}', malformed('expected END_OBJECT but found [FIELD_NAME]')],
  ['{"index":null}', malformed('expected START_OBJECT or END_OBJECT but found [VALUE_NULL]')],
  ['{"index":5}', malformed('expected START_OBJECT or END_OBJECT but found [VALUE_NUMBER]')],
  ['{"index":[]}', malformed('expected START_OBJECT or END_OBJECT but found [START_ARRAY]')],
  ['{"delete":{"_index":"b","_id":{"a":1}}}', malformed('expected a simple value for field [_id] but found [START_OBJECT]')],
  ['{"index":{"_index":["b"]}}', malformed('expected a simple value for field [_index] but found [START_ARRAY]')],
  ['{bad json', malformed('expected START_OBJECT or END_OBJECT but found [VALUE_STRING]')],
];

describe('_bulk action/metadata lines', () => {
  let f: ClusterFixture;
  beforeAll(async () => {
    f = await startFixture();
  });
  afterAll(() => f.close());

  it.each(LINES)('refuses %s with a 400 illegal_argument_exception', async (line, reason) => {
    const r = await f.raw('POST', '/_bulk', `${line}\n{"a":1}\n`);
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toBe('application/json; charset=UTF-8');
    expect(r.json).toEqual({ error: { root_cause: [{ type: 'illegal_argument_exception', reason }], type: 'illegal_argument_exception', reason }, status: 400 });
  });

  it('reads simple parameter values as text and writes nothing for a refused request', async () => {
    const ok = await f.raw('POST', '/_bulk?refresh=true', '{"index":{"_index":"b","_id":7}}\n{"a":1}\n');
    expect(ok.json.items[0].index).toMatchObject({ _index: 'b', _id: '7', status: 201 });
    const r = await f.raw('POST', '/_bulk?refresh=true', '{"index":{"_index":"b","_id":"8"}}\n{"a":1}\nnull\n');
    expect(r.status).toBe(400);
    expect(r.json.error.reason).toBe('Malformed action/metadata line [3], expected START_OBJECT but found [VALUE_NULL]');
    expect((await f.raw('GET', '/b/_doc/8')).status).toBe(404);
  });
});
