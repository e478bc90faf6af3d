import { clusterConnectionInputSchema } from './connection.schemas';

describe('clusterConnectionInputSchema tls', () => {
  const parse = (tls: Record<string, unknown>) => clusterConnectionInputSchema.safeParse({ name: 'c', url: 'https://127.0.0.1:1', tls });

  it.each([
    ['a key that is not PEM', { key: 'fz-not-a-pem-key' }, 'tls.key'],
    ['a certificate that is not PEM', { cert: 'fz-not-a-pem-cert' }, 'tls.cert'],
  ])('refuses %s with an issue on the field (the material is not echoed)', (_n, tls, path) => {
    const result = parse(tls);
    expect(result.success).toBe(false);
    const issue = result.error!.issues[0];
    expect(issue.path.join('.')).toBe(path);
    expect(issue.message).toMatch(/^cannot load the TLS (key|cert) \(PEM expected\): /);
    expect(issue.message).not.toContain(String(Object.values(tls)[0]));
  });

  it('accepts no material and verify alone', () => {
    expect(parse({ verify: false }).success).toBe(true);
    expect(parse({}).success).toBe(true);
  });

  it('leaves material on an http connection alone (Node never loads it)', () => {
    expect(clusterConnectionInputSchema.safeParse({ name: 'c', url: 'http://127.0.0.1:1', tls: { key: 'fz-not-a-pem-key' } }).success).toBe(true);
  });
});
