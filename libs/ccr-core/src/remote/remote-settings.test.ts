import { flatten, seedToUrl, splitRemote, toConnection, urlToSeed } from './remote-settings';

describe('remote cluster settings', () => {
  it.each([
    ['es1:9300', 'http://es1:9200'],
    ['10.0.0.1:9301', 'http://10.0.0.1:9301'],
    ['https://dr.example:443', 'https://dr.example:443'],
  ])('seed %s maps to %s', (seed, url) => {
    expect(seedToUrl(seed)).toBe(url);
  });

  it('splits remote declarations (with Ferry credentials) from other settings', () => {
    const flat = flatten({ cluster: { remote: { dr: { seeds: ['h:9300'], ferry: { url: 'https://h:9243', username: 'u', password: 'p' } } } }, 'indices.x': 1 });
    const { remotes, rest } = splitRemote(flat);
    expect(rest).toEqual({ 'indices.x': 1 });
    expect(toConnection(remotes[0])).toEqual({ name: 'dr', url: 'https://h:9243', auth: { type: 'basic', username: 'u', password: 'p' } });
  });

  it('treats null seeds as a removal', () => {
    expect(splitRemote({ 'cluster.remote.dr.seeds': null }).remotes).toEqual([{ alias: 'dr', seeds: null, ferry: {} }]);
  });

  it.each([
    ['http://h:9200', 'h:9300'],
    ['http://h:8080', 'h:8080'],
  ])('url %s shows seed %s', (url, seed) => {
    expect(urlToSeed(url)).toBe(seed);
  });
});
