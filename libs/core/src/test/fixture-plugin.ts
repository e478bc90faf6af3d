import { z } from 'zod';
import { NotFoundError } from '../errors/app-error';
import { jsonBody } from '../http/body';
import { definePlugin } from '../plugin/define-plugin';
import type { Store } from '../store/store';
import { TOKENS } from '../tokens';
import { withInput } from '../validation/validate';

/** A small plugin used by core's own tests: a notes table, a slow route and a worker. */
export const notesConfigSchema = z.object({
  /** Longest note accepted. */
  maxLength: z.number().int().positive().default(100),
});

export const notesPlugin = definePlugin({
  id: 'notes',
  mounts: ['/notes', '/echo'],
  errorFormat: 'influx',
  auth: { publicPaths: ['/notes/ticks'], tokenQueryParams: ['p'], readOnlyPaths: ['/notes/search/*'] },
  configSchema: notesConfigSchema,
  migrations: [
    { version: 1, name: 'notes', up: 'CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)' },
    { version: 2, name: 'author', up: "ALTER TABLE notes ADD COLUMN author TEXT NOT NULL DEFAULT 'anon'" },
  ],
  register({ router, container, config, lifecycle, bodyLimitBytes, health, raw }) {
    const store = container.resolve<Store>(TOKENS.store);
    let ticks = 0;
    router.use(jsonBody(bodyLimitBytes));
    router.get('/', async (_req, res) => {
      res.json(await store.all('SELECT id, text, author FROM notes ORDER BY id'));
    });
    router.post(
      '/',
      withInput({ body: z.object({ text: z.string().max(config.maxLength), author: z.string().optional() }) }, async ({ body }, _req, res) => {
        await store.run('INSERT INTO notes (text, author) VALUES (?, ?)', [body.text, body.author ?? 'anon']);
        res.status(201).json({ ok: true });
      }),
    );
    router.post('/search/:what', async (_req, res) => {
      res.json(await store.all('SELECT id, text FROM notes ORDER BY id'));
    });
    // A raw route: the bare Node request, relative to its mount, already authenticated.
    raw('/echo', (req, res, next) => {
      if (req.url === '/boom') throw new NotFoundError('nothing to echo');
      if (req.url === '/later') return next(new NotFoundError('nothing later'));
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ url: req.url, method: req.method }));
    });
    router.get('/slow', async (req, res) => {
      await new Promise((r) => setTimeout(r, Number(req.query.ms ?? 300)));
      res.json({ slow: true });
    });
    router.get('/ticks', (_req, res) => {
      res.json({ ticks });
    });
    router.get('/:id', async (req, res) => {
      const row = await store.get('SELECT id, text FROM notes WHERE id = ?', [Number(req.params.id)]);
      if (!row) throw new NotFoundError('note not found');
      res.json(row);
    });
    lifecycle.worker('ticker', async (signal) => {
      while (!signal.aborted) {
        ticks++;
        await new Promise((r) => setTimeout(r, 10));
      }
    });
    health(() => ({ status: 'ok', details: { ticks } }));
  },
});
