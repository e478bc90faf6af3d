import { withoutUserinfo } from './userinfo';

describe('withoutUserinfo', () => {
  it.each([
    ['http://u:pw@host:1/p', 'http://***@host:1/p'],
    ['u:pw@[::1', '***@[::1'],
    ['http://host/a@b', 'http://host/a@b'],
    ['https://host:9200', 'https://host:9200'],
  ])('%s', (input, output) => {
    expect(withoutUserinfo(input)).toBe(output);
  });
});
