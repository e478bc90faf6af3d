import { connectTarget } from './connect-target';

describe('connectTarget', () => {
  it.each([
    [{ ip: '127.0.0.1', port: '9200' }, 'http://127.0.0.1:9200', { type: 'none' }],
    [{ ip: '10.0.0.1' }, 'http://10.0.0.1:9200', { type: 'none' }],
    [{ ip: 'es.example', port: 443, use_ssl: true }, 'https://es.example', { type: 'none' }],
    [{ ip: 'es.example', use_ssl: 'yes' }, 'http://es.example:9200', { type: 'none' }],
    [{ ip: 'h', username: 'elastic', password: 'p%40ss' }, 'http://h:9200', { type: 'basic', username: 'elastic', password: 'p@ss' }],
    [{ ip: 'h', username: '', password: '' }, 'http://h:9200', { type: 'none' }],
    [{ ip: 'https://u:p%21@host/elasticsearch/' }, 'https://host/elasticsearch', { type: 'basic', username: 'u', password: 'p!' }],
    [{ url: 'http://host:9201', auth: { type: 'apiKey', apiKey: 'k' } }, 'http://host:9201', { type: 'apiKey', apiKey: 'k' }],
  ] as const)('%j → %s', (body, url, auth) => {
    expect(connectTarget(body as never)).toEqual({ url, auth });
  });

  it.each([[{ ip: 'ftp://x' }], [{ url: 'http://[bad' }]])('refuses %j', (body) => {
    expect(() => connectTarget(body as never)).toThrow();
  });
});
