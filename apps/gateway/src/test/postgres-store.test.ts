import { Client } from '@opensearch-project/opensearch';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startEmbeddedCluster, type EmbeddedCluster } from '@ferry/embedded-cluster';
import { Client as PgClient } from 'pg';
import { startPostgres, type PostgresPeer } from '../../../../tools/peers/postgres';

const root = resolve(__dirname, '../../../..');

interface Running {
  child: ChildProcess;
  url: string;
  embedded: Record<string, string>;
  output: () => string;
}

/** `ferry serve --store postgres://...` as a child process, resolved once it logs that it listens. */
function serve(args: string[]): Promise<Running> {
  // The CLI's main() from source (ts-node), so that this file never races serve.test.ts's build of dist/.
  const entry = "require('./apps/gateway/src/main').main(['node', 'ferry', ...process.argv.slice(1)])";
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', '-e', entry, 'serve', ...args], {
    cwd: root,
    env: { ...process.env, TS_NODE_PROJECT: join(root, 'apps/gateway/tsconfig.spec.json') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stderr!.on('data', (d) => (out += d));
  return new Promise((ok, fail) => {
    child.stdout!.on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.includes('ferry listening on'));
      if (!line) return;
      const rec = JSON.parse(line) as { url: string; embedded: { name: string; url: string }[] };
      ok({ child, url: rec.url, embedded: Object.fromEntries(rec.embedded.map((c) => [c.name, c.url])), output: () => out });
    });
    child.once('exit', (code) => fail(new Error(`ferry exited early with ${code}: ${out}`)));
  });
}

async function stop(r: Running | undefined): Promise<void> {
  if (!r || r.child.exitCode !== null) return;
  const exited = new Promise((ok) => r.child.once('exit', ok));
  r.child.kill('SIGTERM');
  await exited;
}

async function waitFor(fn: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await fn().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const json = async (url: string, init: RequestInit = {}) => {
  const res = await fetch(url, { ...init, headers: { 'content-type': 'application/json', ...(init.headers ?? {}) } });
  return { status: res.status, body: (await res.json()) as any };
};

// One node, end to end through HTTP, with its state in PostgreSQL: what it was told survives a restart.
describe('ferry serve --store postgres://...', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ferry-pg-serve-'));
  let pg: PostgresPeer;
  let url: string;
  let gw: Running | undefined;
  // A gateway on a shared store refuses an in-process local cluster: the local one runs here, outside the gateway.
  let local: EmbeddedCluster;
  beforeAll(async () => {
    pg = await startPostgres();
    url = (await pg.createDatabase('ferry')).replace('ferry@', 'ferry:pw-not-shown@');
    local = await startEmbeddedCluster({ name: 'local', dataDir: join(dataDir, 'local-cluster'), host: '127.0.0.1' });
    writeFileSync(join(dataDir, 'ferry.yaml'), `influx:\n  org: acme\n  bucket: sensors\nclusters:\n  connections:\n    local:\n      url: ${local.url}\n`);
  }, 60_000);
  afterAll(async () => {
    await stop(gw);
    await local?.close();
    await pg?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps a CCR replication and an Influx remote and replication across a restart on the same database', async () => {
    const args = ['--port', '0', '--data-dir', join(dataDir, 'data'), '--config', join(dataDir, 'ferry.yaml'), '--store', url, '--with-cluster', 'leader'];
    gw = await serve(args);
    const info = await json(`${gw.url}/_gateway/info`);
    expect(info.body.store).toEqual({ kind: 'postgres', url: url.replace('pw-not-shown', '***') });

    const leader = new Client({ node: gw.embedded.leader });
    await leader.indices.create({ index: 'books', body: { settings: { number_of_shards: 2 } } });
    await leader.bulk({ refresh: true, body: [1, 2, 3].flatMap((i) => [{ index: { _index: 'books', _id: `b${i}` } }, { title: `book ${i}` }]) as never } as never);
    const client = new Client({ node: gw.url });
    await client.replication.start({ index: 'books-f', body: { leader_alias: 'leader', leader_index: 'books' } } as never);
    const count = async () => (await client.count({ index: 'books-f' })).body.count as number;
    await waitFor(async () => (await client.replication.status({ index: 'books-f' } as never)).body.status === 'SYNCING' && (await count()) === 3, 'books-f SYNCING with 3 docs');

    const org = (await json(`${gw.url}/api/v2/orgs?org=acme`)).body.orgs[0].id as string;
    const bucket = (await json(`${gw.url}/api/v2/buckets?orgID=${org}&name=sensors`)).body.buckets[0].id as string;
    const remote = await json(`${gw.url}/api/v2/remotes`, { method: 'POST', body: JSON.stringify({ orgID: org, name: 'hq', remoteURL: 'http://127.0.0.1:9', remoteAPIToken: 'remote-token-not-shown', remoteOrgID: org, allowInsecureTLS: true }) });
    expect(remote.status).toBe(201);
    const rep = await json(`${gw.url}/api/v2/replications`, { method: 'POST', body: JSON.stringify({ orgID: org, name: 'to-hq', remoteID: remote.body.id, localBucketID: bucket, remoteBucketName: 'central' }) });
    expect(rep.status).toBe(201);
    await stop(gw);

    // The state is in PostgreSQL, not in a SQLite file of the data dir.
    expect(existsSync(join(dataDir, 'data', 'ferry.db'))).toBe(false);
    const db = new PgClient({ connectionString: url });
    await db.connect();
    const rows = await db.query('SELECT follower_index, state FROM ccr_replications');
    const tokens = await db.query('SELECT remote_api_token FROM influx_remotes');
    await db.end();
    expect(rows.rows).toEqual([{ follower_index: 'books-f', state: 'RUNNING' }]);
    expect(tokens.rows[0].remote_api_token).not.toContain('remote-token-not-shown');

    gw = await serve(args);
    // The replication resumes from its checkpoints: a new leader document arrives, the old ones are not copied again.
    const restarted = new Client({ node: gw.url });
    await new Client({ node: gw.embedded.leader }).index({ index: 'books', id: 'b4', body: { title: 'book 4' }, refresh: true });
    await waitFor(async () => (await restarted.count({ index: 'books-f' })).body.count === 4, 'b4 on the follower after the restart');
    expect((await restarted.replication.status({ index: 'books-f' } as never)).body).toMatchObject({ status: 'SYNCING', leader_alias: 'leader', leader_index: 'books' });
    const remotes = (await json(`${gw.url}/api/v2/remotes?orgID=${org}`)).body.remotes;
    expect(remotes).toEqual([expect.objectContaining({ id: remote.body.id, name: 'hq', allowInsecureTLS: true })]);
    const reps = (await json(`${gw.url}/api/v2/replications?orgID=${org}&remoteID=${remote.body.id}`)).body.replications;
    expect(reps).toEqual([expect.objectContaining({ id: rep.body.id, name: 'to-hq', localBucketID: bucket })]);
    await stop(gw);
    expect(gw.output()).not.toContain('pw-not-shown');
    expect(gw.output()).not.toContain('remote-token-not-shown');
    gw = undefined;
  }, 240_000);
});
