import { AppError } from '@ferry/core';
import { illegalArgument } from '../http/errors';
import type { IndexMeta, Mappings } from '../indices/index-meta';
import { validateIndexName, wildcardRegex } from '../indices/index-names';
import type { IndexRegistry } from '../indices/index-registry';
import type { Db } from '../storage/database';
import { composeTemplate, mergeMappings } from '../templates/apply-templates';
import type { IndexTemplate, TemplateSets } from '../templates/template-store';

/** A data stream: a name over a series of hidden backing indices, the last of which takes the writes. */
export interface DataStream {
  name: string;
  timestampField: string;
  generation: number;
  /** Backing index names, oldest first. */
  indices: string[];
  template: string;
}

/** `.ds-<name>-<generation, six digits>`, OpenSearch's backing index name. */
export function backingIndexName(name: string, generation: number): string {
  return `.ds-${name}-${String(generation).padStart(6, '0')}`;
}

/**
 * The node's data streams, cluster metadata kept in memory and written whole to the `meta` table on each
 * change (as templates are). Backing indices are ordinary indices of the registry.
 */
export class DataStreamStore {
  private readonly streams = new Map<string, DataStream>();

  constructor(
    private readonly db: Db,
    private readonly registry: IndexRegistry,
    private readonly templates: TemplateSets,
  ) {
    const row = db.prepare('SELECT value FROM meta WHERE key = ?').get('data_streams') as { value: string } | undefined;
    for (const ds of row ? (JSON.parse(row.value) as DataStream[]) : []) this.streams.set(ds.name, ds);
  }

  get(name: string): DataStream | undefined {
    return this.streams.get(name);
  }

  /** Data streams whose names match a comma list of names and wildcards (all when absent, `*` or `_all`). */
  match(expression: string | undefined): DataStream[] {
    const all = [...this.streams.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
    if (!expression || expression === '*' || expression === '_all') return all;
    const res = expression.split(',').map((p) => wildcardRegex(p.trim()));
    return all.filter((ds) => res.some((re) => re.test(ds.name)));
  }

  /** The composable template with a `data_stream` section that would create a stream of this name, if any. */
  templateFor(name: string): [string, IndexTemplate] | undefined {
    const hits = Object.entries(this.templates.composable)
      .filter(([, t]) => t.index_patterns.some((p) => wildcardRegex(p).test(name)))
      .sort(([, a], [, b]) => (b.priority ?? 0) - (a.priority ?? 0));
    const best = hits[0];
    return best && best[1].data_stream !== undefined ? best : undefined;
  }

  /** Creates a stream and its first backing index from its matching template. */
  create(name: string): DataStream {
    validateIndexName(name);
    if (this.streams.has(name) || this.registry.get(name)) {
      throw new AppError(400, `data_stream [${name}] already exists`, { type: 'resource_already_exists_exception', fields: { index: name } });
    }
    const found = this.templateFor(name);
    if (!found) throw illegalArgument(`no matching index template found for data stream [${name}]`);
    const [templateName, template] = found;
    const ts = (template.data_stream?.timestamp_field as { name?: unknown } | undefined)?.name;
    const ds: DataStream = { name, timestampField: typeof ts === 'string' ? ts : '@timestamp', generation: 0, indices: [], template: templateName };
    this.rollover(ds, true);
    this.streams.set(name, ds);
    this.save();
    return ds;
  }

  /** Adds the next backing index (the new write index). */
  rollover(ds: DataStream, first = false): IndexMeta {
    const parts = composeTemplate(this.templates, this.templates.composable[ds.template] ?? { template: {} });
    const generation = ds.generation + 1;
    // The timestamp field is a date and `_data_stream_timestamp` is on, as OpenSearch maps every backing index.
    const mappings = mergeMappings(parts.mappings, { _data_stream_timestamp: { enabled: true }, properties: { [ds.timestampField]: { type: 'date' } } }) as Mappings;
    const meta = this.registry.create({ name: backingIndexName(ds.name, generation), settings: { ...parts.settings, 'index.hidden': 'true' }, mappings });
    ds.generation = generation;
    ds.indices.push(meta.name);
    if (!first) this.save();
    return meta;
  }

  /** Removes a stream and deletes its backing indices (through `dropIndex`). */
  delete(ds: DataStream, dropIndex: (meta: IndexMeta) => void): void {
    for (const name of ds.indices) {
      const meta = this.registry.get(name);
      if (meta) dropIndex(meta);
    }
    this.streams.delete(ds.name);
    this.save();
  }

  /** The backing indices that still exist. */
  backing(ds: DataStream): IndexMeta[] {
    return ds.indices.map((n) => this.registry.get(n)).filter((m): m is IndexMeta => m !== undefined);
  }

  private save(): void {
    this.db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run('data_streams', JSON.stringify([...this.streams.values()]));
  }
}
