import { detectFamily, UnsupportedLeaderError } from './leader-family';

describe('leader family detection', () => {
  it.each([
    [{ distribution: 'opensearch', number: '3.6.0' }, 'opensearch', 'opensearch-pit'],
    [{ distribution: 'opensearch', number: '2.19.0' }, 'opensearch', 'opensearch-pit'],
    [{ distribution: 'opensearch', number: '2.4.0' }, 'opensearch', 'opensearch-pit'],
    [{ distribution: 'opensearch', number: '2.3.0' }, 'opensearch', 'seq-no-scan'],
    [{ distribution: 'opensearch', number: '1.3.20' }, 'opensearch', 'seq-no-scan'],
    [{ distribution: 'opensearch', number: '7.10.2' }, 'opensearch', 'seq-no-scan'],
    [{ number: '8.15.0', build_flavor: 'default' }, 'elasticsearch', 'elasticsearch-pit'],
    [{ number: '7.17.9', build_flavor: 'default' }, 'elasticsearch', 'elasticsearch-pit'],
    [{ number: '7.10.2', build_flavor: 'oss' }, 'elasticsearch', 'elasticsearch-pit'],
    [{ number: '7.9.3', build_flavor: 'default' }, 'elasticsearch', 'seq-no-scan'],
  ])('%j is %s read by %s', (version, distribution, strategy) => {
    expect(detectFamily({ version })).toEqual({ distribution, version: version.number, strategy });
  });

  it.each([
    [{ version: { number: '6.8.23' } }, /6\.8\.23 is not supported/],
    [{ version: { number: '2.0.0', distribution: 'other' } }, /distribution \[other\]/],
    [{ version: {} }, /no version\.number/],
    [{ error: 'x' }, /no version\.number/],
  ])('refuses %j', (root, message) => {
    expect(() => detectFamily(root)).toThrow(UnsupportedLeaderError);
    expect(() => detectFamily(root)).toThrow(message);
  });
});
