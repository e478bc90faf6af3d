import { illegalArgument, validationFailed } from '../http/errors';
import { jsonOf, type Request } from '../http/request';
import { json, type Reply } from '../http/respond';
import { nestSettings } from '../indices/index-meta';
import type { ClusterNode } from '../node/cluster-node';

/** Namespaces of dynamic cluster settings OpenSearch and its plugins register; anything else is "not recognized". */
const KNOWN_PREFIXES = [
  'action.', 'cluster.', 'indices.', 'search.', 'search_backpressure.', 'plugins.', 'opendistro.', 'logger.', 'persistent_tasks.',
  'snapshot.', 'script.', 'node.', 'transport.', 'http.', 'ingest.', 'repositories.', 'gateway.', 'discovery.', 'thread_pool.',
  'wlm.', 'segrep.', 'remote_store.', 'cluster_manager.', 'bootstrap.',
];

/** Flattens `{a:{b:1}}` into `{"a.b":"1"}`; null stays null (it removes the setting). */
export function flattenClusterSettings(input: unknown, prefix = '', out: Record<string, string | string[] | null> = {}): Record<string, string | string[] | null> {
  if (input !== null && typeof input === 'object' && !Array.isArray(input)) {
    for (const [k, v] of Object.entries(input as Record<string, unknown>)) flattenClusterSettings(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) {
    out[prefix] = input === null ? null : Array.isArray(input) ? input.map(String) : String(input);
  }
  return out;
}

function view(flat: Record<string, unknown>, q: URLSearchParams): Record<string, unknown> {
  return q.get('flat_settings') === 'true' ? { ...flat } : nestSettings(flat);
}

/** `GET _cluster/settings`: persistent and transient settings, `defaults` with `include_defaults`. */
export function getClusterSettings(node: ClusterNode, req: Request): Reply {
  const body: Record<string, unknown> = {
    persistent: view(node.clusterSettings.persistent, req.query),
    transient: view(node.clusterSettings.transient, req.query),
  };
  if (req.query.get('include_defaults') === 'true') {
    body.defaults = view({ 'cluster.name': node.clusterName, 'action.auto_create_index': 'true', 'action.destructive_requires_name': 'false' }, req.query);
  }
  return json(body);
}

function apply(target: Record<string, unknown>, changes: Record<string, string | string[] | null>): Record<string, unknown> {
  const applied: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) {
      // A trailing wildcard (`cluster.routing.*: null`) resets a whole group, as OpenSearch allows.
      const re = key.endsWith('*') ? new RegExp(`^${key.slice(0, -1).replace(/[.+?^${}()|[\]\\]/g, '\\$&')}`) : undefined;
      for (const k of Object.keys(target)) if (k === key || re?.test(k)) delete target[k];
    } else {
      target[key] = value;
      applied[key] = value;
    }
  }
  return applied;
}

function validate(kind: string, changes: Record<string, unknown>): void {
  for (const key of Object.keys(changes)) {
    if (key.startsWith('index.')) throw illegalArgument(`${kind} setting [${key}], not dynamically updateable`);
    if (!KNOWN_PREFIXES.some((p) => key.startsWith(p))) throw illegalArgument(`${kind} setting [${key}], not recognized`);
  }
}

/** `PUT _cluster/settings`: sets or (with null) resets settings; persistent ones survive a restart. */
export function putClusterSettings(node: ClusterNode, req: Request): Reply {
  const body = jsonOf(req) ?? {};
  for (const k of Object.keys(body)) {
    if (k !== 'persistent' && k !== 'transient') throw illegalArgument(`request [/_cluster/settings] contains unrecognized parameter: [${k}]`);
  }
  const persistent = flattenClusterSettings(body.persistent ?? {});
  const transient = flattenClusterSettings(body.transient ?? {});
  if (Object.keys(persistent).length === 0 && Object.keys(transient).length === 0) {
    throw validationFailed('no settings to update');
  }
  validate('persistent', persistent);
  validate('transient', transient);
  const appliedPersistent = apply(node.clusterSettings.persistent, persistent);
  const appliedTransient = apply(node.clusterSettings.transient, transient);
  node.saveClusterSettings();
  return json({ acknowledged: true, persistent: view(appliedPersistent, req.query), transient: view(appliedTransient, req.query) });
}
