import type { Migration, Store } from '@ferry/core';

/** HQ's per-cluster settings defaults (`settings.py ProdSettings.HQ_CLUSTER_SETTINGS`). */
export const HQ_DEFAULT_SETTINGS: Readonly<Record<string, unknown>> = Object.freeze({
  doc_id: 'hqsettings',
  index_name: '.elastichq',
  version: 1,
  doc_type: 'data',
  store_metrics: true,
  websocket_interval: 5,
  historic_poll_interval: 300,
  historic_days_to_store: 7,
  show_dot_indices: true,
});

/** The plugin's tables. */
export const hqMigrations: readonly Migration[] = [
  { version: 1, name: 'hq_settings', up: 'CREATE TABLE hq_settings (cluster TEXT PRIMARY KEY, settings TEXT NOT NULL)' },
];

/**
 * HQ's per-cluster settings doc. HQ writes it into `.elastichq` of the monitored cluster, which fails on
 * ES 8 (#549) and on locked-down clusters; Ferry keeps it in its own store.
 */
export class HqSettingsStore {
  constructor(private readonly store: Store) {}

  async get(cluster: string): Promise<Record<string, unknown>> {
    const row = await this.store.get<{ settings: string }>('SELECT settings FROM hq_settings WHERE cluster = ?', [cluster]);
    return { ...HQ_DEFAULT_SETTINGS, ...(row ? (JSON.parse(row.settings) as Record<string, unknown>) : {}) };
  }

  /** Merges `changes` over the current settings and returns the result. */
  async update(cluster: string, changes: Record<string, unknown>): Promise<Record<string, unknown>> {
    const current = await this.get(cluster);
    const next = { ...current, ...changes };
    await this.store.run(
      'INSERT INTO hq_settings (cluster, settings) VALUES (?, ?) ON CONFLICT(cluster) DO UPDATE SET settings = excluded.settings',
      [cluster, JSON.stringify(next)],
    );
    return next;
  }

  /** Back to the defaults. */
  async reset(cluster: string): Promise<void> {
    await this.store.run('DELETE FROM hq_settings WHERE cluster = ?', [cluster]);
  }
}
