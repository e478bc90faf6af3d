import { isSecretParam, separateSecretChange, separateSecrets, SECRET_PLACEHOLDER } from './secret-params';

const P = 'index.ingestion_source.param.';

describe('secret source params', () => {
  it.each([
    ['sasl.password', true],
    ['sasl.jaas.config', true],
    ['ssl.key.password', true],
    ['ssl.keystore.password', true],
    ['ssl.truststore.password', true],
    ['ssl.keystore.key', true],
    ['sasl.oauthbearer.client.secret', true],
    ['secret_key', true],
    ['session_token', true],
    ['api_key', true],
    ['access_key', false],
    ['ssl.key.location', false],
    ['sasl.oauthbearer.token.endpoint.url', false],
    ['key.deserializer', false],
    ['sasl.username', false],
    ['topic', false],
    ['bootstrap_servers', false],
  ])('param.%s is a secret: %s', (name, secret) => {
    expect(isSecretParam(P + name)).toBe(secret);
  });

  it('does not take settings outside param.* for secrets', () => {
    expect(isSecretParam('index.ingestion_source.mapper_settings.token')).toBe(false);
  });

  it('separates secrets from what is shown, and keeps the placeholder out of the secrets', () => {
    const { visible, secrets } = separateSecrets({ [`${P}topic`]: 't', [`${P}sasl.password`]: 'pw', [`${P}secret_key`]: SECRET_PLACEHOLDER });
    expect(visible).toEqual({ [`${P}topic`]: 't', [`${P}sasl.password`]: SECRET_PLACEHOLDER, [`${P}secret_key`]: SECRET_PLACEHOLDER });
    expect(secrets).toEqual({ 'sasl.password': 'pw' });
  });

  it('reads a settings change: the placeholder keeps, a value replaces, null removes', () => {
    const change = { [`${P}sasl.password`]: SECRET_PLACEHOLDER, [`${P}secret_key`]: 'new', [`${P}session_token`]: null, [`${P}topic`]: 'u' };
    expect(separateSecretChange(change)).toEqual({
      visible: { [`${P}secret_key`]: SECRET_PLACEHOLDER, [`${P}session_token`]: null, [`${P}topic`]: 'u' },
      secrets: { secret_key: 'new', session_token: null },
    });
  });
});
