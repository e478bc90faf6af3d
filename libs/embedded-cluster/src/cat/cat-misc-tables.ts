import type { WildcardMatcher } from '../indices/wildcard';
import type { ClusterNode } from '../node/cluster-node';
import { NODE_ATTRIBUTES, NODE_IP } from '../nodes/node-identity';
import type { TemplateSets } from '../templates/template-store';
import type { CatColumn, CatRow } from './cat-table';

/** `_cat/fielddata` columns. */
export const FIELDDATA_COLUMNS: CatColumn[] = [
  { name: 'id', desc: 'node id' },
  { name: 'host', aliases: ['h'], desc: 'host name' },
  { name: 'ip', desc: 'ip address' },
  { name: 'node', aliases: ['n'], desc: 'node name' },
  { name: 'field', aliases: ['f'], desc: 'field name' },
  { name: 'size', aliases: ['s'], desc: 'field data usage', kind: 'bytes' },
];

/** `_cat/nodeattrs` columns. */
export const NODEATTRS_COLUMNS: CatColumn[] = [
  { name: 'node', desc: 'node name' },
  { name: 'id', aliases: ['id', 'nodeId'], desc: 'unique node id', default: false },
  { name: 'pid', aliases: ['p'], desc: 'process id', default: false },
  { name: 'host', aliases: ['h'], desc: 'host name' },
  { name: 'ip', aliases: ['i'], desc: 'ip address' },
  { name: 'port', aliases: ['po'], desc: 'bound transport port', default: false },
  { name: 'attr', aliases: ['attr.name'], desc: 'attribute description' },
  { name: 'value', aliases: ['attr.value'], desc: 'attribute value' },
];

/** `_cat/plugins` columns. */
export const PLUGINS_COLUMNS: CatColumn[] = [
  { name: 'id', desc: 'unique node id', default: false },
  { name: 'name', aliases: ['n'], desc: 'node name' },
  { name: 'component', aliases: ['c'], desc: 'component' },
  { name: 'version', aliases: ['v'], desc: 'component version' },
  { name: 'description', aliases: ['d'], desc: 'plugin details', default: false },
  { name: 'type', aliases: ['t'], desc: 'plugin type', default: false },
];

/** `_cat/templates` columns. */
export const TEMPLATES_COLUMNS: CatColumn[] = [
  { name: 'name', aliases: ['n'], desc: 'template name' },
  { name: 'index_patterns', aliases: ['t'], desc: 'template index patterns' },
  { name: 'order', aliases: ['o', 'p'], desc: 'template application order/priority number', kind: 'number' },
  { name: 'version', aliases: ['v'], desc: 'version' },
  { name: 'composed_of', aliases: ['c'], desc: 'component templates comprising index template' },
];

const list = (xs: string[]) => `[${xs.join(', ')}]`;

/** Legacy and composable templates, as `_cat/templates` lists them (composable ones show their components). */
export function templatesRows(sets: TemplateSets, names?: WildcardMatcher): CatRow[] {
  const rows: CatRow[] = [];
  for (const [name, t] of Object.entries(sets.legacy)) {
    rows.push({ name, index_patterns: list(t.index_patterns), order: t.order, version: t.version ?? null, composed_of: '' });
  }
  for (const [name, t] of Object.entries(sets.composable)) {
    rows.push({ name, index_patterns: list(t.index_patterns), order: t.priority ?? 0, version: t.version ?? null, composed_of: list(t.composed_of ?? []) });
  }
  return rows.filter((r) => !names || names.test(String(r.name))).sort((a, b) => (String(a.name) < String(b.name) ? -1 : 1));
}

/** One row per attribute the node advertises. */
export function nodeattrsRows(node: ClusterNode): CatRow[] {
  return Object.entries(NODE_ATTRIBUTES).map(([attr, value]) => ({ node: node.clusterName, id: node.nodeId, pid: process.pid, host: NODE_IP, ip: NODE_IP, port: 9300, attr, value }));
}

/**
 * The node loads no field data (sorting and aggregations read the stored source) and has no plugins, so
 * these tables are empty by fact, not by omission.
 */
export function emptyNodeRows(_node: ClusterNode): CatRow[] {
  return [];
}
