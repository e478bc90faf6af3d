import { NotFoundError, ValidationError } from '@ferry/core';
import type { ClusterCaller } from '../cluster-access/cluster-caller';
import { seg } from '../cluster-access/cluster-caller';
import type { HqSettingsStore } from '../hq-settings/hq-settings.store';
import { indexSummary, type IndexSummary } from '../summaries/index-summary';
import { hasMappingTypes } from '../version/version';
import { INDEX_ACTIONS } from './indices.schemas';

/** Index operations that take more than one cluster call. */
export class IndicesService {
  constructor(
    private readonly caller: ClusterCaller,
    private readonly settings: HqSettingsStore,
  ) {}

  /** HQ's index summary for `names` (comma-separated) or every index. */
  async summary(cluster: string, names?: string): Promise<IndexSummary[]> {
    const target = names ? `/${seg(names).replace(/%2C/gi, ',')}` : '';
    const [stats, state, cat, hq] = await Promise.all([
      this.caller.call(cluster, { path: `${target}/_stats` }),
      this.caller.call(cluster, { path: `/_cluster/state/metadata${target}` }),
      this.caller.call(cluster, { path: `/_cat/indices${target}`, query: { format: 'json' } }),
      this.settings.get(cluster),
    ]);
    return indexSummary({ stats, state, cat, showDotIndices: hq.show_dot_indices !== false });
  }

  /** `PUT .../action/<action>`; without an index the action applies to every index. */
  async action(cluster: string, action: string, index?: string): Promise<unknown> {
    const a = INDEX_ACTIONS[action];
    if (!a) throw new NotFoundError(`Unknown index action '${action}': use one of ${Object.keys(INDEX_ACTIONS).join(', ')}.`);
    // open/close need a target; the others work cluster-wide.
    const target = index ? `/${seg(index)}` : a.path === '_open' || a.path === '_close' ? '/_all' : '';
    return this.caller.call(cluster, { method: 'POST', path: `${target}/${a.path}`, query: a.query });
  }

  /**
   * `_reindex`: `reindex` starts a server-side reindex and returns its task; `mapping_only` copies the
   * source mapping, typeless on ES 7+/OpenSearch (HQ's typed logic broke there), creating the
   * destination if it does not exist.
   */
  async reindex(cluster: string, r: { option?: string; source?: string; destination?: string }): Promise<unknown[]> {
    if (r.source === r.destination) throw new ValidationError('Indices cannot be the same!');
    if (!r.source || !r.destination) throw new ValidationError('source_index_name and destination_index_name are both required.');
    if (r.option === 'reindex') {
      const res = await this.caller.call<{ task?: string }>(cluster, {
        method: 'POST',
        path: '/_reindex',
        query: { wait_for_completion: false },
        body: { source: { index: r.source }, dest: { index: r.destination } },
      });
      return res.task ? [{ task: res.task }] : [];
    }
    if (r.option === 'mapping_only') return [await this.copyMapping(cluster, r.source, r.destination)];
    throw new ValidationError(`Unknown reindex_option '${r.option ?? ''}': use 'reindex' or 'mapping_only'.`);
  }

  private async copyMapping(cluster: string, source: string, destination: string): Promise<unknown> {
    const version = await this.caller.version(cluster);
    const src = await this.caller.call<Record<string, { mappings?: Record<string, any> }>>(cluster, { path: `/${seg(source)}/_mapping` });
    const mappings = Object.values(src)[0]?.mappings ?? {};
    const dest = await this.destinationMappings(cluster, destination);
    if (dest === undefined) return this.caller.call(cluster, { method: 'PUT', path: `/${seg(destination)}`, body: { mappings } });
    if (Object.keys(dest).length > 0 && Object.keys(dest.properties ?? dest).length > 0) throw new ValidationError('Index already contains a mapping!');
    if (hasMappingTypes(version)) {
      const [type, body] = Object.entries(mappings)[0] ?? [];
      if (!type) return { acknowledged: true };
      return this.caller.call(cluster, { method: 'PUT', path: `/${seg(destination)}/_mapping/${seg(type)}`, body });
    }
    return this.caller.call(cluster, { method: 'PUT', path: `/${seg(destination)}/_mapping`, body: mappings });
  }

  private async destinationMappings(cluster: string, index: string): Promise<Record<string, any> | undefined> {
    try {
      const res = await this.caller.call<Record<string, { mappings?: Record<string, any> }>>(cluster, { path: `/${seg(index)}/_mapping` });
      return Object.values(res)[0]?.mappings ?? {};
    } catch (err) {
      if ((err as { status?: number }).status === 404 && !(err as { code?: string }).code?.startsWith('cluster_unreachable')) return undefined;
      throw err;
    }
  }
}
