import fc from 'fast-check';
import type { FuzzFixtures } from './harness';

/** Values that break paths: reserved names, encodings that do not decode, bytes Node would not send. */
export const SPECIAL_SEGMENTS = [
  '_search', '_count', '_pit', '_all', '*', '..', '.', '%2e%2e', '%2F', '%00', '%FF', '%C3%28', '%ED%A0%80', '%', '%zz',
  '\ud800', '\u0000', 'a\u0001b', 'a b', 'ü', '', '_doc', '_bulk', '-x', 'A', `a${'b'.repeat(300)}`,
];

/** Valid values for a path parameter, by name; secret-holding fixtures only for reads, so the fuzz never deletes them. */
export function validValues(name: string, fx: FuzzFixtures, read: boolean): string[] {
  const secretHolders = read ? ['hq-basic', 'hq-key'] : [];
  switch (name) {
    case 'index':
    case 'names':
      return [fx.index, fx.follower, fx.ingestionIndex, 'fz-scratch', 'fz-new'];
    case 'id':
    case 'ids':
      return ['1', '2', 'x'];
    case 'cluster':
      return [...secretHolders, 'leader', 'local', 'missing'];
    case 'bucketID':
      return [fx.bucketID, '0000000000000000'];
    case 'remoteID':
      return read ? [fx.remoteID, '0000000000000000'] : ['0000000000000000'];
    case 'replicationID':
      return ['0000000000000000', 'zz'];
    case 'path':
      return ['_cluster/health', '_cat/indices', '_search', 'fz-leader/_doc/1', ''];
    case 'command':
      return ['health', 'indices', 'nodes', 'shards'];
    case 'action':
      return ['_refresh', '_flush', '_open', '_close', '_cache/clear'];
    default:
      return ['fz-alias', 'fz-repo', 'x'];
  }
}

/** A value for path parameter `name`: usually valid, sometimes special, sometimes huge. */
export function paramArb(name: string, fx: FuzzFixtures, read: boolean): fc.Arbitrary<string> {
  return fc.oneof(
    { withCrossShrink: true },
    { weight: 8, arbitrary: fc.constantFrom(...validValues(name, fx, read)) },
    { weight: 2, arbitrary: fc.constantFrom(...SPECIAL_SEGMENTS) },
    { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
    { weight: 1, arbitrary: fc.oneof(fc.integer({ min: 256, max: 12_000 }), fc.constant(70_000)).map((n) => 'h'.repeat(n)) },
  );
}

/** Query-string additions: the auth bypasses of issue 16, odd formats, deep brackets, tokens in the URL. */
export function queryExtraArb(tokens: string[]): fc.Arbitrary<string> {
  return fc.constantFrom(
    'routing=/_search', 'routing=/_count', 'routing=/_pit', 'routing=%2F_search', 'pretty', 'pretty=true', 'error_trace=true',
    'filter_path=error.type', 'format=yaml', 'human', 'a[b][c][d][e][f][g][h]=1', 'a[]=1&a[]=2', 'a=%00', 'a=%FF', '=x', '&&&', '?',
    `q=${'x'.repeat(5000)}`, 'source={"query":{"match_all":{}}}&source_content_type=application/json', 'timeout=-1', 'size=-1', 'size=1e99',
    ...tokens.map((t) => `p=${t}`), 'p=wrong-token-0123456789', 'u=fz&p=x',
    // Values that decode to what cannot go in a header or a name (the 1.x /write error header, bucket and index names).
    'db=%E2%9C%93', 'db=%ED%A0%80&rp=%0A', 'bucket=%E2%9C%93&org=fz-org', 'org=%00&bucket=fz-bucket', 'index=%E2%9C%93', 'precision=%FF',
  );
}
