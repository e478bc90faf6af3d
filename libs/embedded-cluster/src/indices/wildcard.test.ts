import { type ClusterFixture, startFixture } from '../test/cluster-fixture';
import { wildcardMatcher } from './wildcard';

describe('wildcardMatcher', () => {
  it.each([
    ['*', '', true], ['*', 'abc', true], ['a*', 'abc', true], ['*c', 'abc', true], ['a*c', 'ac', true], ['a*c', 'ab', false],
    ['a*b*c', 'aXbYc', true], ['a*b*c', 'aXcYb', false], ['logs-*-2024', 'logs-x-2024', true], ['abc', 'abc', true], ['abc', 'abcd', false],
    ['a?c', 'abc', false], ['**', 'x', true], ['a.b', 'aXb', false], ['(a)', '(a)', true],
  ])('simple pattern %s on %s is %s', (pattern, text, expected) => {
    expect(wildcardMatcher(pattern).test(text)).toBe(expected);
  });

  it.each([['a?c', 'abc', true], ['a?c', 'ac', false], ['A*', 'abc', true]])('Lucene pattern %s on %s is %s (? and case-insensitive)', (pattern, text, expected) => {
    expect(wildcardMatcher(pattern, { single: true, caseInsensitive: true }).test(text)).toBe(expected);
  });

  it('matches a pattern of many stars against a long text without backtracking blow-up', () => {
    const started = Date.now();
    expect(wildcardMatcher('*a*a*a*a*a*a*a*a*b').test('a'.repeat(100_000))).toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('wildcard patterns from requests', () => {
  let f: ClusterFixture;
  const stars = '*a*a*a*a*a*a*b';
  beforeAll(async () => {
    f = await startFixture();
    await f.raw('PUT', '/w', { settings: { number_of_replicas: 0 }, mappings: { properties: { k: { type: 'keyword' } } } });
    await f.raw('PUT', '/w/_doc/1?refresh=true', { k: 'a'.repeat(2000), ['a'.repeat(200)]: 1 });
    await f.raw('PUT', `/${'a'.repeat(200)}`);
  });
  afterAll(() => f.close());

  // Each of these took longer than ten minutes with a backtracking RegExp.
  it.each([
    ['a wildcard query', 'POST', '/w/_search', { query: { wildcard: { k: { value: stars } } } }],
    ['a _source pattern', 'POST', '/w/_search', { _source: [stars] }],
    ['an index pattern', 'GET', `/${stars}/_search?allow_no_indices=true`, undefined],
    ['a settings name pattern', 'GET', `/_all/_settings/${stars}`, undefined],
  ])('%s answers at once', async (_name, method, path, body) => {
    const started = Date.now();
    const r = await f.raw(method, path, body);
    expect(r.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('still matches ordinary wildcard queries', async () => {
    const r = await f.raw('POST', '/w/_search', { query: { wildcard: { k: { value: 'a*a' } } } });
    expect(r.json.hits.total.value).toBe(1);
  });
});
