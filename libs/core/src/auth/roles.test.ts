import { routeSegments } from '../plugin/mounts';
import { requiredRoleFor } from './roles';
import { RouteTable } from './route-table';

const classify = (method: string, url: string) => requiredRoleFor({ method, segments: routeSegments(url.split('?')[0]) ?? [] });

describe('requiredRoleFor on OpenSearch routes', () => {
  it.each([
    ['GET', '/logs/_doc/1'],
    ['HEAD', '/logs'],
    ['OPTIONS', '/'],
    ['POST', '/_search'],
    ['POST', '/logs/_search'],
    ['POST', '/_all/_search'],
    ['POST', '/logs/_search/'],
    ['POST', '/a,b*/_count'],
    ['POST', '/logs/_msearch'],
    ['POST', '/_mget'],
    ['POST', '/logs/_mget'],
    ['POST', '/logs/_field_caps'],
    ['POST', '/logs/_explain/1'],
    ['POST', '/logs/_validate/query'],
    ['POST', '/_search/scroll'],
    ['POST', '/_search/scroll/abc'],
    ['POST', '/logs/_search/template'],
    ['POST', '/_msearch/template'],
    ['POST', '/logs/_search/point_in_time'],
    ['POST', '/logs/_termvectors/1'],
    ['POST', '/_mtermvectors'],
    ['POST', '/logs/_rank_eval'],
    ['POST', '/_analyze'],
    ['POST', '/_render/template'],
    ['DELETE', '/_search/scroll'],
    ['DELETE', '/_search/scroll/abc'],
    ['DELETE', '/_search/point_in_time'],
  ])('%s %s needs viewer', (method, url) => {
    expect(classify(method, url)).toBe('viewer');
  });

  it.each([
    // The six URLs of issue 16: the query string and document ids never count.
    ['POST', '/logs/_doc/x?routing=/_search'],
    ['POST', '/logs/_doc/_search'],
    ['POST', '/logs/_delete_by_query?routing=/_count'],
    ['DELETE', '/logs/_doc/1?routing=/_pit'],
    ['POST', '/logs/_update/x?routing=/_search'],
    ['POST', '/_bulk?routing=/_search'],
    ['PUT', '/logs/_doc/_count'],
    ['POST', '/logs/_update/_search'],
    ['DELETE', '/_search'],
    ['POST', '/_bulk/_search'],
    ['POST', '/logs%2F_doc/_search'],
    ['POST', '/_all/_update_by_query'],
    ['POST', '/logs/_search/extra'],
    ['PUT', '/logs'],
    ['DELETE', '/logs'],
    ['POST', '/_reindex'],
    ['DELETE', '/_search/scroll/_all'],
    ['DELETE', '/_search/point_in_time/_all'],
    ['GET', '/_refresh'],
    ['GET', '/logs/_flush'],
    ['POST', '/_plugins/_sql'],
    ['PATCH', '/logs/_search'],
    ['POST', '/some/unknown/route'],
    // OpenSearch keeps empty inner segments (an empty index name; in 1.x `/{index}/{type}/{id}` indexes).
    ['POST', '//_search'],
    ['POST', '/logs//_search'],
  ])('%s %s needs operator', (method, url) => {
    expect(classify(method, url)).toBe('operator');
  });
});

describe('RouteTable', () => {
  const table = new RouteTable([
    { methods: ['POST'], path: '/api/query/*' },
    { methods: ['POST'], path: '/x/{id}/y' },
  ]);

  it.each([
    ['POST', ['api', 'query'], true],
    ['POST', ['api', 'query', 'c', 'i'], true],
    ['post', ['api', 'query', 'c'], true],
    ['PUT', ['api', 'query', 'c'], false],
    ['POST', ['api', 'queryx'], false],
    ['POST', ['api'], false],
    ['POST', ['x', '_anything', 'y'], true],
    ['POST', ['x', 'a/b', 'y'], false],
    ['POST', ['x', 'y'], false],
    ['POST', ['x', '1', 'y', 'z'], false],
  ] as const)('%s %j → %s', (method, segments, expected) => {
    expect(table.has(method, segments)).toBe(expected);
  });
});
