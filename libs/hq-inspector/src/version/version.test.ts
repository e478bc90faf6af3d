import { catRolesHoldData, hasMappingTypes, isDataNode, isMasterEligible, isSupported, parseVersion } from './version';

describe('version awareness', () => {
  it.each([
    [{ number: '2.11.0', distribution: 'opensearch' }, 'opensearch', 2, true, false],
    [{ number: '1.3.19', distribution: 'opensearch' }, 'opensearch', 1, true, false],
    [{ number: '3.0.0', distribution: 'opensearch' }, 'opensearch', 3, true, false],
    [{ number: '2.4.6' }, 'elasticsearch', 2, false, true],
    [{ number: '6.8.23' }, 'elasticsearch', 6, true, true],
    [{ number: '7.17.0', build_flavor: 'default' }, 'elasticsearch', 7, true, false],
    [{ number: '8.15.0' }, 'elasticsearch', 8, true, false],
    [{ number: '9.0.0' }, 'elasticsearch', 9, false, false],
  ])('%j → %s %d (supported %s, typed %s)', (raw, distribution, major, supported, typed) => {
    const v = parseVersion(raw);
    expect(v.distribution).toBe(distribution);
    expect(v.major).toBe(major);
    expect(isSupported(v)).toBe(supported);
    expect(hasMappingTypes(v)).toBe(typed);
  });

  it('does not mistake OpenSearch 2 for Elasticsearch 2', () => {
    expect(parseVersion({ number: '2.0.0', distribution: 'opensearch' }).distribution).toBe('opensearch');
  });

  it.each([
    [['data'], true],
    [['data_hot', 'ingest'], true],
    [['data_content'], true],
    [['data_frozen'], true],
    [['master', 'ingest'], false],
    [[], false],
    [undefined, false],
  ])('roles %j hold data: %s', (roles, expected) => {
    expect(isDataNode(roles)).toBe(expected);
  });

  it.each([
    [['master'], true],
    [['cluster_manager', 'data'], true],
    [['data'], false],
  ])('roles %j are master-eligible: %s', (roles, expected) => {
    expect(isMasterEligible(roles)).toBe(expected);
  });

  it.each([
    ['dim', 'elasticsearch', true],
    ['hw', 'elasticsearch', true],
    ['imr', 'elasticsearch', false],
    ['dimr', 'opensearch', true],
    ['s', 'opensearch', false],
    ['mr', 'opensearch', false],
  ] as const)('cat role letters %s on %s hold data: %s', (letters, distribution, expected) => {
    expect(catRolesHoldData(letters, distribution)).toBe(expected);
  });
});
