import { z } from 'zod';

/** `POST /api/indices/<c>/_reindex`: HQ nests the options under `settings`; top-level is accepted too. */
export const reindexBodySchema = z
  .object({
    settings: z
      .object({
        reindex_option: z.string().optional(),
        source_index_name: z.string().optional(),
        destination_index_name: z.string().optional(),
      })
      .optional(),
    reindex_option: z.string().optional(),
    source_index_name: z.string().optional(),
    destination_index_name: z.string().optional(),
  })
  .transform((b) => ({
    option: b.settings?.reindex_option ?? b.reindex_option,
    source: b.settings?.source_index_name ?? b.source_index_name,
    destination: b.settings?.destination_index_name ?? b.destination_index_name,
  }));

/** `POST /api/indices/<c>/<index>`: HQ forwards `settings` only; Ferry also forwards `mappings` and `aliases`. */
export const createIndexBodySchema = z.object({
  settings: z.record(z.string(), z.unknown()).optional(),
  mappings: z.record(z.string(), z.unknown()).optional(),
  aliases: z.record(z.string(), z.unknown()).optional(),
});

/** `POST /api/query/<c>/<index>`. */
export const queryBodySchema = z.object({
  query: z.record(z.string(), z.unknown(), { error: 'Missing query in request payload!' }),
});

/** HQ's index actions and the cluster call each one makes. */
export const INDEX_ACTIONS: Readonly<Record<string, { path: string; query?: Record<string, string> }>> = {
  _open: { path: '_open' },
  _close: { path: '_close' },
  _flush: { path: '_flush' },
  _refresh: { path: '_refresh' },
  _cache: { path: '_cache/clear' },
  _force_merge: { path: '_forcemerge' },
  _expunge_deleted: { path: '_forcemerge', query: { only_expunge_deletes: 'true' } },
};
