import { AppError } from '@ferry/core';
import { illegalArgument } from '../http/errors';
import { jsonOf, type Request } from '../http/request';
import { json, type Reply } from '../http/respond';
import type { Router } from '../http/router';
import type { ClusterNode } from '../node/cluster-node';
import { flattenSettings, type IndexMeta, nestSettings, STATIC_SETTINGS } from './index-meta';
import { defaultsNotSet } from './index-defaults';
import { checkMappingLimits } from '../mapping/mapping-limits';
import { validateIndexSettings, validateSettingValues } from './index-settings';
import { wildcardRegex } from './index-names';
import { settingsView } from './index-view';
import { resolveOptionsOf } from './resolve';

/** Settings OpenSearch keeps for itself; a PUT may not change them. */
const PRIVATE = new Set(['index.uuid', 'index.creation_date', 'index.provided_name', 'index.version.created']);

function getSettings(node: ClusterNode, req: Request, expr?: string, name?: string): Reply {
  const metas = node.resolve(expr, resolveOptionsOf(req.query, { expandWildcards: 'open,closed' }));
  const flat = req.query.get('flat_settings') === 'true';
  const filters = name ? name.split(',').map((n) => wildcardRegex(n.startsWith('index.') || n.includes('*') ? n : `index.${n}`)) : undefined;
  return json(
    Object.fromEntries(
      metas.map((m) => {
        const pick = (all: Record<string, unknown>) => (filters ? Object.fromEntries(Object.entries(all).filter(([k]) => filters.some((r) => r.test(k)))) : all);
        const entry: Record<string, unknown> = { settings: settingsView({ ...m, settings: pick(m.settings) as IndexMeta['settings'] }, flat) };
        if (req.query.get('include_defaults') === 'true') {
          const defaults = pick(defaultsNotSet(m.settings));
          entry.defaults = flat ? defaults : nestSettings(defaults);
        }
        return [m.name, entry];
      }),
    ),
  );
}

function putSettings(node: ClusterNode, req: Request, expr?: string): Reply {
  const body = jsonOf(req);
  if (!body) throw new AppError(400, 'Validation Failed: 1: no settings to update;', { type: 'action_request_validation_exception' });
  const changes = flattenSettings(body.settings ?? body);
  const metas = node.resolve(expr, resolveOptionsOf(req.query, { expandWildcards: 'open' }));
  const preserve = req.query.get('preserve_existing') === 'true';
  for (const key of Object.keys(changes)) {
    if (PRIVATE.has(key)) throw illegalArgument(`final ${metas[0]?.name ?? ''} setting [${key}], not updateable`);
  }
  validateSettingValues(changes);
  const statics = Object.keys(changes).filter((k) => STATIC_SETTINGS.has(k));
  const open = metas.filter((m) => m.state === 'open');
  if (statics.length && open.length) {
    throw illegalArgument(`Can't update non dynamic settings [[${statics.join(', ')}]] for open indices [${open.map((m) => `[${m.name}/${m.uuid}]`).join(', ')}]`);
  }
  // Every index's resulting settings are checked before any is written, so a refused update changes nothing.
  const updated = metas.map((m) => ({ meta: m, settings: applyChanges(m.settings, changes, preserve) }));
  for (const u of updated) validateIndexSettings(u.settings);
  node.registry.checkShardLimit(updated.map((u) => ({ before: u.meta, settings: u.settings })));
  for (const u of updated) {
    u.meta.settings = u.settings;
    // Settings that validate cannot make background work throw again; a stored mapping past its limits
    // keeps the mark until the limits are raised over it.
    if (mappingWithinLimits(u.meta)) delete u.meta.failure;
    node.registry.save(u.meta);
  }
  return json({ acknowledged: true });
}

function mappingWithinLimits(meta: IndexMeta): boolean {
  try {
    checkMappingLimits({ index: meta.name, mappings: meta.mappings, settings: meta.settings });
    return true;
  } catch {
    return false;
  }
}

function applyChanges(current: Record<string, unknown>, changes: Record<string, unknown>, preserve: boolean): Record<string, unknown> {
  const next = { ...current };
  for (const [k, v] of Object.entries(changes)) {
    if (preserve && k in current) continue;
    if (v === null) delete next[k];
    else next[k] = v;
  }
  return next;
}

/** `_settings` get and put (dynamic vs static settings as OpenSearch distinguishes them). */
export function registerSettingsRoutes(router: Router, node: ClusterNode): void {
  router.add('GET', '/_settings', (req) => getSettings(node, req));
  router.add('GET', '/_settings/{name}', (req, p) => getSettings(node, req, undefined, p.name));
  router.add('GET', '/{index}/_settings', (req, p) => getSettings(node, req, p.index));
  router.add('GET', '/{index}/_settings/{name}', (req, p) => getSettings(node, req, p.index, p.name));
  router.add('PUT', '/_settings', (req) => putSettings(node, req));
  router.add('PUT', '/{index}/_settings', (req, p) => putSettings(node, req, p.index));
}
