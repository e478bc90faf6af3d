import { type IndexMeta, nestSettings } from './index-meta';

/** The settings as GET answers them: nested by default, flat with `flat_settings=true`. */
export function settingsView(meta: IndexMeta, flat: boolean): Record<string, unknown> {
  return flat ? { ...meta.settings } : nestSettings(meta.settings);
}

/** The mappings as GET answers them (an empty mapping is `{}`). */
export function mappingsView(meta: IndexMeta): Record<string, unknown> {
  return { ...meta.mappings };
}

/** GET /<index> entry. */
export function indexView(meta: IndexMeta, q: URLSearchParams): Record<string, unknown> {
  return {
    aliases: meta.aliases,
    mappings: mappingsView(meta),
    settings: settingsView(meta, q.get('flat_settings') === 'true'),
  };
}
