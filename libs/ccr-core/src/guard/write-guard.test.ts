import { bulkTargets, followerWriteGuard, reindexDest } from './write-guard';

describe('follower write guard', () => {
  const guard = followerWriteGuard((i) => i === 'f1', () => ['f1']);

  it.each([
    ['PUT', ['f1', '_doc', '1'], true],
    ['POST', ['_bulk'], true],
    ['POST', ['f1', '_search'], false],
    ['POST', ['f1', '_refresh'], false],
    ['GET', ['f1', '_doc', '1'], false],
    ['DELETE', ['f1'], true],
    ['POST', ['f1', '_bulk'], true],
    ['PUT', ['_cluster', 'settings'], false],
    ['POST', ['_reindex'], true],
  ])('%s /%s matches: %s', (method, segments, expected) => {
    expect(guard.matches(method, segments)).toBe(expected);
  });

  it.each([
    ['POST', ['_bulk']],
    ['PUT', ['f1', '_doc', '1']],
    ['POST', ['_reindex']],
  ])('claims nothing while there is no follower index: %s /%s', (method, segments) => {
    const idle = followerWriteGuard(() => false, () => []);
    expect(idle.matches(method, segments)).toBe(false);
  });

  it.each([
    ['{"index":{"_index":"a","_id":"1"}}\n{"x":1}\n{"delete":{"_index":"b","_id":"2"}}\n', undefined, ['a', 'b']],
    ['{"create":{"_id":"1"}}\n{"x":1}\n{"update":{"_id":"1"}}\n{"doc":{"_index":"not-an-action"}}\n', 'd', ['d']],
    // Lines that are no action object are skipped (the cluster refuses the bulk), never a throw.
    ['null\n{"index":{"_index":"f1"}}\n{"x":1}\n', undefined, ['f1']],
    ['5\n[1]\n"s"\ntrue\n{"index":null}\n{"x":1}\n', 'd', ['d']],
    ['{"index":{"_index":7}}\n{"x":1}\n', 'd', ['d']],
  ])('bulk targets of %j', (body, defaultIndex, expected) => {
    expect(bulkTargets(Buffer.from(body), defaultIndex)).toEqual(expected);
  });

  it.each([
    ['{"source":{"index":"a"},"dest":{"index":"f1"}}', 'f1'],
    ['not json', undefined],
  ])('reindex destination of %s', (body, dest) => {
    expect(reindexDest(Buffer.from(body))).toBe(dest);
  });
});
