import { defaultMapper, InvalidMessageError, MessageDecodeError, rawPayloadMapper, SkippedMessage } from './mappers';

const rec = (payload: string) => ({ pointer: { value: '7', display: 'KafkaOffset{offset=7}' }, payload: Buffer.from(payload), timestamp: 0 });

describe('message mappers', () => {
  it.each([
    ['{"_id":"1","_version":"3","_op_type":"index","_source":{"a":1}}', { op: 'index', id: '1', version: '3', source: { a: 1 } }],
    ['{"_source":{"a":1}}', { op: 'index', id: undefined, version: undefined, source: { a: 1 } }],
    ['{"_id":"1","_op_type":"CREATE","_source":{}}', { op: 'create', id: '1', version: undefined, source: {} }],
    ['{"_id":"1","_version":"4","_op_type":"delete"}', { op: 'delete', id: '1', version: '4' }],
  ])('maps %s', (payload, expected) => {
    expect(defaultMapper(rec(payload), 0)).toEqual(expected);
  });

  it.each([
    ['{bad json', MessageDecodeError, 'Failed to parse message at KafkaOffset{offset=7}'],
    ['[1,2]', MessageDecodeError, 'is not a JSON object'],
    ['{"_id":1,"_source":{}}', InvalidMessageError, '_id field is of type Integer but not string. Invalid message.'],
    ['{"_id":"1","_version":2,"_source":{}}', InvalidMessageError, '_version field must be a string of digits'],
    ['{"_id":"1","_op_type":"invalid","_source":{}}', InvalidMessageError, 'Unknown opType:[invalid]'],
    ['{"_id":"1","_op_type":"update","_source":{}}', InvalidMessageError, 'Unsupported operation'],
    ['{"_id":"1","_op_type":3,"_source":{}}', InvalidMessageError, '_op_type field is of type Integer but not string. Invalid message.'],
    ['{"_id":"1"}', InvalidMessageError, 'Missing _source field. Invalid message'],
    ['{"_id":"1","_source":"x"}', InvalidMessageError, '_source field does not contain a map. Invalid message'],
    ['{"_op_type":"delete"}', SkippedMessage, 'Delete operation is missing ID. Skipping message.'],
  ])('rejects %s', (payload, kind, message) => {
    expect(() => defaultMapper(rec(payload), 0)).toThrow(kind);
    expect(() => defaultMapper(rec(payload), 0)).toThrow(message);
  });

  it('raw_payload indexes the whole payload under <shard>-<pointer>', () => {
    expect(rawPayloadMapper(rec('{"_id":"x","a":1}'), 2)).toEqual({ op: 'index', id: '2-7', source: { _id: 'x', a: 1 } });
  });
});
