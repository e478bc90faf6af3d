import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { startEmbeddedCluster, type EmbeddedCluster } from '@ferry/embedded-cluster';
import { startKinesalite, type KinesisPeer } from '../../../../tools/peers/kinesis';
import { kill9, startChildGateway, type ChildGateway } from '../../test/child';
import { waitFor } from '../../test/harness';
import { startSigV4Front, type SigV4Front } from '../../test/sigv4-front';

const KINESIS = { accessKeyId: 'AKIDLOGTEST', secretAccessKey: 'log-secret-Hn47cD' };
const SECRETS = [KINESIS.secretAccessKey, 'log-wrong-Bq30', 'log-kafka-Pw66', 'log-jaas-Rt81'];

describe('no log line holds a source secret, at trace level, through failures', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-logs-'));
  let cluster: EmbeddedCluster;
  let peer: KinesisPeer;
  let front: SigV4Front;
  let gw: ChildGateway;
  const send = (method: string, path: string, body?: unknown) =>
    fetch(`${gw.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const state = async (index: string) => ((await (await send('GET', `/${index}/ingestion/_state?ferry=true`)).json()) as any).ingestion_state[index][0];

  beforeAll(async () => {
    [cluster, peer] = await Promise.all([startEmbeddedCluster({ name: 'local', dataDir: join(dir, 'cluster') }), startKinesalite()]);
    await peer.createStream('logs', 1);
    front = await startSigV4Front(peer.endpoint, KINESIS);
    gw = await startChildGateway(cluster.url, join(dir, 'gateway'), 'trace');
  });
  afterAll(async () => {
    await kill9(gw.child);
    await Promise.all([cluster.close(), front.stop(), peer.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('logs and shows consumer failures with their causes but never the secrets', async () => {
    const param = { stream: 'logs', region: 'us-east-1', access_key: KINESIS.accessKeyId, secret_key: KINESIS.secretAccessKey, endpoint_override: front.endpoint };
    await send('PUT', '/kin-logs', { settings: { ingestion_source: { type: 'kinesis', pointer: { init: { reset: 'earliest' } }, param } } });
    await peer.client.send(new PutRecordsCommand({ StreamName: 'logs', Records: [{ Data: Buffer.from('{"_id":"1","_source":{}}'), PartitionKey: '1' }] }));
    await waitFor(async () => front.accepted > 0 && (await state('kin-logs')).batch_start_pointer !== undefined, 'reading with the real secret');
    // A wrong secret: every request is refused, the consumer fails and the poller pauses (logged as errors).
    await send('PUT', '/kin-logs/_settings', { 'index.ingestion_source.param.secret_key': 'log-wrong-Bq30' });
    await waitFor(async () => (await state('kin-logs')).poller_paused, 'paused on the refused signature', 20_000);
    // A Kafka broker that is not there, with SASL: consumer creation fails and is retried (logged as warnings).
    const kafka = { topic: 't', bootstrap_servers: '127.0.0.1:1', 'security.protocol': 'SASL_PLAINTEXT', 'sasl.password': 'log-kafka-Pw66', 'sasl.jaas.config': 'x required username="u" password="log-jaas-Rt81";' };
    await send('PUT', '/kafka-logs', { settings: { ingestion_source: { type: 'kafka', param: kafka } } });
    await waitFor(async () => (await state('kafka-logs')).last_error !== undefined, 'consumer creation failing', 20_000);
    // Refused requests carrying secrets.
    expect((await send('PUT', '/bad-logs', { settings: { ingestion_source: { type: 'kafka', error_strategy: 'nope', param: kafka } } })).status).toBe(400);
    expect((await send('PUT', '/kafka-logs/_settings', { 'index.ingestion_source.pointer.init.reset': 'earliest', 'index.ingestion_source.param.sasl.password': 'log-kafka-Pw66' })).status).toBe(400);
    await new Promise((r) => setTimeout(r, 500));

    const answers = await Promise.all(['/kin-logs/ingestion/_state?ferry=true', '/kafka-logs/ingestion/_state?ferry=true', '/_settings', '/kafka-logs/_stats?level=shards'].map(async (p) => (await send('GET', p)).text()));
    expect(answers.join('\n')).toContain('Failed to create consumer');
    for (const secret of SECRETS) expect({ secret, inAnswers: answers.join('\n').includes(secret) }).toEqual({ secret, inAnswers: false });
    const log = gw.output();
    expect(log).toContain('Pausing ingestion. Fatal error occurred in polling the shard');
    expect(log).toContain('ingestion consumer creation failed; retrying');
    for (const secret of SECRETS) expect({ secret, inLog: log.includes(secret) }).toEqual({ secret, inLog: false });
  });
});
