import { hasEmptyInnerSegment, routeSegments, splitPath } from './mounts';

describe('path splitting', () => {
  it.each([
    ['/', [], []],
    ['/logs/_search', ['logs', '_search'], ['logs', '_search']],
    ['/logs/_search/', ['logs', '_search'], ['logs', '_search']],
    ['//_search', ['', '_search'], ['_search']],
    ['/logs//_search', ['logs', '', '_search'], ['logs', '_search']],
    ['/a%2Fb/_doc', ['a/b', '_doc'], ['a/b', '_doc']],
  ])('%s → %j as OpenSearch routes it, %j for mount matching', (path, route, mount) => {
    expect(routeSegments(path)).toEqual(route);
    expect(splitPath(path)).toEqual(mount);
  });

  it('gives up on a segment that cannot be decoded', () => {
    expect(routeSegments('/a/%ZZ')).toBeUndefined();
    expect(splitPath('/a/%ZZ')).toBeUndefined();
  });

  it.each([
    ['//api/v2/write', true],
    ['/api//clusters', true],
    ['/api/clusters/', false],
    ['/api/clusters//', false],
    ['/', false],
  ])('%s has an empty inner segment: %s', (path, expected) => {
    expect(hasEmptyInnerSegment(path)).toBe(expected);
  });
});
