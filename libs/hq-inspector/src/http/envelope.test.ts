import { hqEnvelope } from './envelope';

describe('hqEnvelope', () => {
  it.each([
    ['a list stays a list', [1, 2], [1, 2]],
    ['an object is wrapped', { a: 1 }, [{ a: 1 }]],
    ['null becomes [null]', null, [null]],
    ['an empty list stays empty', [], []],
  ])('%s', (_name, data, expected) => {
    expect(hqEnvelope(data as unknown, { startedAt: 0, now: 0 }).data).toEqual(expected);
  });

  it('carries status, message and an integer response time', () => {
    expect(hqEnvelope({}, { status: 201, message: 'hi', startedAt: 10.2, now: 48.9 })).toEqual({
      status_code: 201,
      response_time: 39,
      message: 'hi',
      data: [{}],
    });
  });
});
