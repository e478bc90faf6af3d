import { PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { isSealed, TOKENS, type Store } from '@ferry/core';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { startKafkaMock, type KafkaMock } from '../../../../tools/peers/kafka-mock';
import { startKinesalite, type KinesisPeer } from '../../../../tools/peers/kinesis';
import { countDocs, startHarness, waitFor, type IngestionHarness } from '../../test/harness';
import { filesHolding } from '../../test/scan-dir';
import { startSigV4Front, type SigV4Front } from '../../test/sigv4-front';
import { SECRET_PLACEHOLDER } from '../secrets/secret-params';

const KINESIS = { accessKeyId: 'AKIDFERRYTEST', secretAccessKey: 'kinesis-secret-Zq81vV', sessionToken: 'kinesis-session-Tk55pL' };
const KAFKA_PASSWORD = 'kafka-pass-Xy72mR';
const JAAS = 'org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="kafka-jaas-Qw19";';
const SECRETS = [KINESIS.secretAccessKey, KINESIS.sessionToken, KAFKA_PASSWORD, 'kafka-jaas-Qw19'];

describe('secret source params are never shown nor stored in clear', () => {
  let h: IngestionHarness;
  let peer: KinesisPeer;
  let front: SigV4Front;
  let mock: KafkaMock;
  let producer: Producer;
  const text = async (path: string) => (await fetch(`${h.gw.url}${path}`)).text();
  const kinesisParams = () => ({ stream: 'secret-stream', region: 'us-east-1', access_key: KINESIS.accessKeyId, secret_key: KINESIS.secretAccessKey, session_token: KINESIS.sessionToken, endpoint_override: front.endpoint });
  const put = (...ids: string[]) =>
    peer.client.send(new PutRecordsCommand({ StreamName: 'secret-stream', Records: ids.map((id) => ({ Data: Buffer.from(JSON.stringify({ _id: id, _source: { id } })), PartitionKey: id })) }));
  const secretRows = async (index: string) =>
    h.gw.gateway.container.resolve<Store>(TOKENS.store).all<{ param: string; sealed: string }>('SELECT param, sealed FROM ingestion_secrets WHERE index_name = ? ORDER BY param', [index]);

  beforeAll(async () => {
    [h, peer, mock] = await Promise.all([startHarness(), startKinesalite(), startKafkaMock()]);
    await peer.createStream('secret-stream', 1);
    front = await startSigV4Front(peer.endpoint, KINESIS);
    producer = new Kafka({ brokers: [mock.bootstrap], logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
  });
  afterAll(async () => {
    await producer.disconnect();
    await h.close();
    await Promise.all([front.stop(), peer.stop(), mock.stop()]);
  });

  it('ingests with the real values, shows only the placeholder, and keeps them out of every file', async () => {
    await put('k1', 'k2');
    await producer.send({ topic: 'secret-topic', messages: [{ partition: 0, value: JSON.stringify({ _id: 'm1', _source: { n: 1 } }) }] });
    await h.client.indices.create({ index: 'kin-secret', body: { settings: { ingestion_source: { type: 'kinesis', pointer: { init: { reset: 'earliest' } }, param: kinesisParams() } } } });
    await h.client.indices.create({
      index: 'kafka-secret',
      body: { settings: { ingestion_source: { type: 'kafka', pointer: { init: { reset: 'earliest' } }, param: { topic: 'secret-topic', bootstrap_servers: mock.bootstrap, 'sasl.password': KAFKA_PASSWORD, 'sasl.jaas.config': JAAS } } } },
    });
    await waitFor(async () => (await countDocs(h.client, 'kin-secret')) === 2, 'kinesis docs through the signature check', 20_000);
    await waitFor(async () => (await countDocs(h.client, 'kafka-secret')) === 1, 'kafka doc', 20_000);
    expect(front.refused).toEqual([]);

    const settings = JSON.parse(await text('/kin-secret/_settings')) as Record<string, any>;
    expect(settings['kin-secret'].settings.index.ingestion_source.param).toEqual({ ...kinesisParams(), secret_key: SECRET_PLACEHOLDER, session_token: SECRET_PLACEHOLDER });
    const paths = ['/kin-secret/_settings', '/kin-secret', '/kafka-secret', '/_settings?flat_settings=true', '/_all/_settings/index.ingestion_source.*', '/_cluster/state', '/_cat/indices?format=json', '/kin-secret/ingestion/_state', '/kafka-secret/_stats?level=shards'];
    for (const path of paths) {
      const answer = await text(path);
      for (const secret of SECRETS) expect({ path, leaked: answer.includes(secret) }).toEqual({ path, leaked: false });
    }
    expect((await secretRows('kafka-secret')).map((r) => r.param)).toEqual(['sasl.jaas.config', 'sasl.password']);
    for (const secret of SECRETS) expect({ secret, files: [...filesHolding(h.dir, secret)] }).toEqual({ secret, files: [] });
  });

  it('keeps the secret when the placeholder is written back, seals what an older version stored in clear, and reads after a restart', async () => {
    await h.client.indices.putSettings({ index: 'kin-secret', body: { index: { ingestion_source: { param: { secret_key: SECRET_PLACEHOLDER, 'describe.tag': 'x' } } } } });
    // As the previous version stored an index: every setting, the secret included, in the settings row.
    await h.client.indices.create({ index: 'kin-legacy' });
    const legacy = Object.fromEntries(Object.entries({ type: 'kinesis', 'pointer.init.reset': 'earliest', ...Object.fromEntries(Object.entries(kinesisParams()).map(([k, v]) => [`param.${k}`, v])) }).map(([k, v]) => [`index.ingestion_source.${k}`, v]));
    await h.gw.gateway.container.resolve<Store>(TOKENS.store).run('INSERT INTO ingestion_indices (name, settings, shards, created_at, paused) VALUES (?, ?, 1, 0, 0)', ['kin-legacy', JSON.stringify(legacy)]);
    await h.restart();
    await put('k3');
    await waitFor(async () => (await countDocs(h.client, 'kin-secret')) === 3, 'the record put after the restart', 20_000);
    await waitFor(async () => (await countDocs(h.client, 'kin-legacy')) === 3, 'the legacy index reading with its migrated secret', 20_000);
    expect(front.refused).toEqual([]);
    const row = await h.gw.gateway.container.resolve<Store>(TOKENS.store).get<{ settings: string }>('SELECT settings FROM ingestion_indices WHERE name = ?', ['kin-legacy']);
    expect(row!.settings).not.toContain(KINESIS.secretAccessKey);
    expect((await secretRows('kin-legacy')).map((r) => r.param)).toEqual(['secret_key', 'session_token']);
    // Sealed by core's secret box, and the plaintext row left nothing behind in freed pages or the WAL.
    expect((await secretRows('kin-legacy')).every((r) => isSealed(r.sealed))).toBe(true);
    expect(filesHolding(h.dir, KINESIS.secretAccessKey)).toEqual([]);
    const copied = { type: 'kinesis', param: { ...kinesisParams(), secret_key: SECRET_PLACEHOLDER } };
    const refused = await fetch(`${h.gw.url}/kin-copy`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ settings: { ingestion_source: copied } }) });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { type: string; reason: string } }).error).toMatchObject({
      type: 'illegal_argument_exception',
      reason: expect.stringContaining('[index.ingestion_source.param.secret_key] holds Ferry\'s placeholder'),
    });
  });

  it('uses a changed secret (a wrong one fails the signature check) and forgets the secrets with the index', async () => {
    await h.client.indices.putSettings({ index: 'kin-secret', body: { 'index.ingestion_source.param.secret_key': 'not-the-secret' } });
    await put('k4');
    await waitFor(async () => front.refused.includes('signature does not match'), 'a request signed with the new value', 20_000);
    expect((await secretRows('kin-secret')).length).toBe(2);
    await h.client.indices.delete({ index: 'kin-secret' });
    expect(await secretRows('kin-secret')).toEqual([]);
    expect(filesHolding(h.dir, 'not-the-secret')).toEqual([]);
  });
});
