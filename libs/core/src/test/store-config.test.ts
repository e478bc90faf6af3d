import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import request from 'supertest';
import { STORE_ENGINES, storeFixture } from '../../../../tools/peers/store-engines';
import { parseGatewayConfig } from '../config/config';
import { createGateway } from '../http/create-gateway';
import { createLogger } from '../logging/logger';
import { createTestGateway } from '../testing/test-gateway';
import { notesPlugin } from './fixture-plugin';

describe('store config', () => {
  it('defaults to SQLite', () => {
    expect(parseGatewayConfig({}).store).toEqual({ kind: 'sqlite', pool: 10, synchronous: 'full' });
  });

  it.each([
    [{ kind: 'postgres' }, 'store.url: kind postgres needs url (postgres://...)'],
    [{ kind: 'postgres', url: 'mysql://u:s3cret@db/x' }, 'store.url: must start with postgres:// or postgresql://'],
    [{ url: 'postgres://u:s3cret@db/x' }, 'store.url: is for kind postgres'],
    [{ kind: 'postgres', url: 'postgres://u:s3cret@db/x', pool: 0 }, 'store.pool: Too small'],
  ])('refuses %j without repeating the URL', (store, message) => {
    expect(() => parseGatewayConfig({ store })).toThrow(message);
    expect(() => parseGatewayConfig({ store })).not.toThrow(/s3cret/);
  });
});

describe.each(STORE_ENGINES)('a gateway on %s', (engine) => {
  const fixture = storeFixture(engine);

  it('keeps plugin data across a restart on the same store', async () => {
    // One data dir for both runs: it holds SQLite's file, and the secret key that the canary in either store was sealed with.
    const dataDir = mkdtempSync(join(tmpdir(), 'ferry-test-'));
    const options = { plugins: [notesPlugin], config: { store: fixture.storeConfig() }, listen: false, dataDir };
    try {
      const first = await createTestGateway(options);
      await request(first.app).post('/notes').send({ text: 'kept', author: 'me' }).expect(201);
      await request(first.app).post('/notes').send({ text: 'also' }).expect(201);
      await first.close();
      const second = await createTestGateway(options);
      try {
        const notes = await request(second.app).get('/notes').expect(200);
        expect(notes.body).toEqual([
          { id: 1, text: 'kept', author: 'me' },
          { id: 2, text: 'also', author: 'anon' },
        ]);
        const info = await request(second.app).get('/_gateway/info').expect(200);
        expect(info.body.store.kind).toBe(engine);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('a gateway on PostgreSQL with a password in its URL', () => {
  const fixture = storeFixture('postgres');
  const dataDir = mkdtempSync(join(tmpdir(), 'ferry-test-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('never shows or logs the password', async () => {
    // The test server trusts every local connection, so any password is accepted and must still be hidden.
    const url = fixture.url.replace('ferry@', 'ferry:s3cret-pw@');
    let logs = '';
    const destination = new Writable({ write: (chunk, _enc, done) => void ((logs += chunk.toString()), done()) });
    const gateway = await createGateway({
      config: { dataDir, store: { kind: 'postgres', url }, log: { level: 'debug' } },
      plugins: [notesPlugin],
      logger: createLogger({ level: 'debug', destination }),
    });
    await gateway.start();
    const info = await Promise.resolve(request(gateway.handler).get('/_gateway/info')).finally(() => gateway.stop());
    expect(info.body.store).toEqual({ kind: 'postgres', url: url.replace('s3cret-pw', '***') });
    expect(logs).toContain('metadata store: PostgreSQL');
    expect(logs + JSON.stringify(info.body)).not.toContain('s3cret-pw');
    const bad = await createGateway({ config: { dataDir, store: { kind: 'postgres', url: url.replace(/:\d+\//, ':1/') } }, logger: createLogger({ level: 'silent' }) }).catch((e: Error) => e);
    expect(String(bad)).toContain('cannot open the PostgreSQL store at postgres://ferry:***@127.0.0.1:1/');
    expect(String(bad)).not.toContain('s3cret-pw');
  });
});
