import { decodeToken, encodeToken, TAINTED_TOKEN } from './page-token';

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('next_token', () => {
  it('round-trips OpenSearch\'s <lastShardId>|<creationTime>|<indexName>', () => {
    const token = encodeToken({ shard: 3, createdAt: 1700000000000, name: 'logs-1' });
    expect(Buffer.from(token, 'base64').toString()).toBe('3|1700000000000|logs-1');
    expect(decodeToken(token)).toEqual({ shard: 3, createdAt: 1700000000000, name: 'logs-1' });
  });

  it.each([['not base64 !'], [b64('1|2')], [b64('-1|5|x')], [b64('1|0|x')], [b64('a|5|x')], [b64('1|5|')]])('rejects %s as tainted', (token) => {
    expect(() => decodeToken(token)).toThrow(TAINTED_TOKEN);
  });
});
