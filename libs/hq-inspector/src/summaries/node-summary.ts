import { catRolesHoldData, type ClusterVersion } from '../version/version';

/** The `_cat/nodes` columns HQ asks for (`dt`, `du` are fetched but unused, as in HQ). */
export const NODE_SUMMARY_COLUMNS = 'id,m,n,u,role,hc,hm,hp,ip,dt,du,disk.avail,l';

/** One row of HQ's node summary; values are `_cat` strings such as `"45"` or `"990.7mb"`. */
export interface NodeSummary {
  node_id: string | null;
  name: string | null;
  fsFree: string | null;
  heapPercent: string | null;
  heapMax: string | null;
  heapCurrent: string | null;
  host: string | null;
  load: string | null;
  uptime: string | null;
  is_master_node: boolean;
  is_electable_master: boolean;
  is_data_node: boolean;
  is_ingest_node: boolean;
}

type CatRow = Record<string, string | null | undefined>;

// A cat row keys a column by the name it was asked with; a few servers answer with the long name instead.
function col(row: CatRow, ...names: string[]): string | null {
  for (const n of names) if (row[n] !== undefined && row[n] !== null) return String(row[n]);
  return null;
}

/**
 * HQ's `get_node_summary` on `_cat/nodes` rows, with data-tier letters counted as data
 * (HQ's `'d' in role` misses tier-only nodes).
 */
export function nodeSummary(rows: readonly CatRow[], distribution: ClusterVersion['distribution']): NodeSummary[] {
  return rows.map((row) => {
    const master = col(row, 'm', 'master', 'cluster_manager');
    const role = col(row, 'role', 'node.role', 'r') ?? '';
    return {
      node_id: col(row, 'id', 'nodeId'),
      name: col(row, 'n', 'name'),
      fsFree: col(row, 'disk.avail', 'da'),
      heapPercent: col(row, 'hp', 'heap.percent'),
      heapMax: col(row, 'hm', 'heap.max'),
      heapCurrent: col(row, 'hc', 'heap.current'),
      host: col(row, 'ip', 'i'),
      load: col(row, 'l', 'load_1m', 'load'),
      uptime: col(row, 'u', 'uptime'),
      is_master_node: master === '*',
      is_electable_master: master === 'm',
      is_data_node: catRolesHoldData(role, distribution),
      is_ingest_node: role.includes('i'),
    };
  });
}
