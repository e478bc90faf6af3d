import { kafkaSourceConfig } from './kafka-params';

const base = { topic: 't', bootstrap_servers: 'a:9092, b:9093' };

describe('Kafka params → kafkajs options', () => {
  it('reads brokers, fetch settings and auto.offset.reset (default none)', () => {
    const c = kafkaSourceConfig({ ...base, 'fetch.min.bytes': '10', 'fetch.max.wait.ms': '50' });
    expect(c.brokers).toEqual(['a:9092', 'b:9093']);
    expect(c.fetch).toMatchObject({ minBytes: 10, maxWaitMs: 50, maxBytesPerPartition: 1_048_576 });
    expect(c.autoOffsetReset).toBe('none');
    expect(c.client.ssl).toBeUndefined();
    expect(c.client.sasl).toBeUndefined();
  });

  it.each([
    [{ 'security.protocol': 'SASL_PLAINTEXT', 'sasl.mechanism': 'PLAIN', 'sasl.username': 'u', 'sasl.password': 'p' }, { mechanism: 'plain', username: 'u', password: 'p' }],
    [
      { 'security.protocol': 'SASL_SSL', 'sasl.mechanism': 'SCRAM-SHA-512', 'sasl.jaas.config': 'org.apache.kafka.common.security.scram.ScramLoginModule required username="svc" password="s3cret";' },
      { mechanism: 'scram-sha-512', username: 'svc', password: 's3cret' },
    ],
  ])('maps SASL %j', (params, sasl) => {
    expect(kafkaSourceConfig({ ...base, ...params }).client.sasl).toEqual(sasl);
  });

  it('maps TLS with an inline CA, no verification and no host check', () => {
    const c = kafkaSourceConfig({ ...base, 'security.protocol': 'SSL', 'ssl.truststore.certificates': 'PEM', 'enable.ssl.certificate.verification': 'false', 'ssl.endpoint.identification.algorithm': '' });
    expect(c.client.ssl).toMatchObject({ rejectUnauthorized: false, ca: ['PEM'] });
    expect(typeof (c.client.ssl as { checkServerIdentity?: unknown }).checkServerIdentity).toBe('function');
  });

  it('refuses an unknown SASL mechanism', () => {
    expect(() => kafkaSourceConfig({ ...base, 'security.protocol': 'SASL_SSL', 'sasl.mechanism': 'GSSAPI' })).toThrow('Unsupported sasl.mechanism [GSSAPI]');
  });
});
