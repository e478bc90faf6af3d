import { Writable } from 'node:stream';
import request from 'supertest';
import { createGateway } from '../http/create-gateway';
import { definePlugin } from '../plugin/define-plugin';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TOKENS } from '../tokens';
import { createLogger } from './logger';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      for (const l of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(l));
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'info', destination }) };
}

describe('logger', () => {
  it('stamps the request id on every line written while serving, and redacts secrets', async () => {
    const { lines, logger } = capture();
    const chatty = definePlugin({
      id: 'chatty',
      mounts: ['/chatty'],
      errorFormat: 'gateway',
      register({ router, container }) {
        const log = container.resolve(TOKENS.logger);
        router.get('/', async (_req, res) => {
          log.info({ remote: { url: 'http://x', password: 'hunter2', token: 'tok-123' } }, 'first');
          await new Promise((r) => setTimeout(r, 5));
          log.info('second');
          res.json({ ok: true });
        });
      },
    });
    const dir = mkdtempSync(join(tmpdir(), 'ferry-log-'));
    const gw = await createGateway({ config: { dataDir: dir }, plugins: [chatty], logger });
    try {
      await request(gw.handler).get('/chatty').set('x-request-id', 'req-42').expect(200).expect('x-request-id', 'req-42');
      const mine = lines.filter((l) => l.plugin === 'chatty');
      expect(mine.map((l) => [l.msg, l.reqId])).toEqual([
        ['first', 'req-42'],
        ['second', 'req-42'],
      ]);
      expect(mine[0].remote).toEqual({ url: 'http://x', password: '[redacted]', token: '[redacted]' });
      expect(JSON.stringify(lines)).not.toContain('hunter2');
    } finally {
      await gw.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
