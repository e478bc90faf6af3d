import { z } from 'zod';

/** The `hq` section of the Ferry config. */
export const hqConfigSchema = z.object({
  /** Shown as `default_url` by `/api/status` (HQ's HQ_DEFAULT_URL); it only pre-fills the UI. */
  defaultUrl: z.string().default('http://localhost:9200'),
  /** Reported as `installed_version` and `current_stable_version` (no call to elastichq.org is made). */
  version: z.string().default('3.5.12'),
  /** How long `/api/clusters` waits for each cluster's health, in ms (HQ pings with 3 s). */
  pingTimeoutMs: z.number().int().positive().default(3000),
  /** Snapshot listings may be slow; HQ waits 120 s. */
  snapshotTimeoutMs: z.number().int().positive().default(120_000),
  /** The general proxy `/api/proxy/<cluster>/...`. */
  proxy: z
    .object({
      /** Turn the general proxy off entirely. */
      enabled: z.boolean().default(true),
      /** How long the proxy waits for the cluster's answer before 504, in ms. */
      timeoutMs: z.number().int().positive().default(60_000),
      /** Extra request headers forwarded to the cluster, beyond the built-in allow-list (lowercase). */
      extraRequestHeaders: z.array(z.string().toLowerCase()).default([]),
    })
    .default({ enabled: true, timeoutMs: 60_000, extraRequestHeaders: [] }),
  /** HQ's live metrics feed: socket.io namespace `/ws` on the gateway's own server. */
  liveFeed: z
    .object({
      /** Turn the feed off (the Metrics page then stays empty, as without HQ's server). */
      enabled: z.boolean().default(true),
      /** The socket.io path; HQ's UI asks for `<its page path>socket.io`, so `/socket.io` when served at `/`. */
      path: z.string().startsWith('/').default('/socket.io'),
      /** How long one `_nodes/stats` poll may take, in ms (HQ: 3 s). */
      pollTimeoutMs: z.number().int().positive().default(3000),
    })
    .default({ enabled: true, path: '/socket.io', pollTimeoutMs: 3000 }),
});
export type HqConfig = z.infer<typeof hqConfigSchema>;
