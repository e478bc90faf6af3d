import { createSecretBox } from '@ferry/core';
import { randomBytes } from 'node:crypto';
import { clusterConnectionInputSchema, type ClusterConnectionSpec } from './connection.schemas';
import { hasPlaintext, openSpec, openUrl, sealSpec } from './connection-secrets';

const box = createSecretBox({ current: randomBytes(32) });
const SECRET = 'p4ss-0f-the-cluster';
const spec = (input: object): ClusterConnectionSpec => clusterConnectionInputSchema.parse({ name: 'leader', url: 'http://h:9200', ...input });

describe('connection secrets', () => {
  it.each([
    ['basic', { auth: { type: 'basic', username: 'elastic', password: SECRET } }],
    ['apiKey', { auth: { type: 'apiKey', apiKey: SECRET } }],
    ['bearer', { auth: { type: 'bearer', token: SECRET } }],
    ['TLS key', { tls: { key: SECRET, cert: 'CERT', ca: 'CA' } }],
    ['URL password', { url: `https://u:${SECRET}@h:9200/prefix` }],
  ])('seals the %s for its row and opens it again', (_what, input) => {
    const plain = spec(input);
    expect(hasPlaintext(plain)).toBe(true);
    const sealed = sealSpec(box, plain);
    expect(JSON.stringify(sealed)).not.toContain(SECRET);
    expect(hasPlaintext(sealed)).toBe(false);
    expect(sealSpec(box, sealed)).toEqual(sealed);
    expect(openSpec(box, sealed)).toEqual(plain);
    expect(openUrl(box, sealed)).toBe(plain.url);
    expect(() => openSpec(box, { ...sealed, name: 'other' })).toThrow(/^cannot open the secret stored in cluster_connections\.spec\/other: it does not authenticate/);
  });

  it('leaves a connection without secrets as it is', () => {
    const plain = spec({ tls: { ca: 'CA', verify: false } });
    expect(hasPlaintext(plain)).toBe(false);
    expect(sealSpec(box, plain)).toEqual(plain);
  });
});
