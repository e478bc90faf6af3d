import type { IndexMeta } from '../indices/index-meta';
import type { ClusterNode } from '../node/cluster-node';
import { NODE_IP } from '../nodes/node-identity';
import { shardRecovery } from '../shards/shard-facts';
import type { CatColumn, CatRow } from './cat-table';

const c = (name: string, aliases: string[], desc: string, extra: Partial<CatColumn> = {}): CatColumn => ({ name, aliases, desc, ...extra });

/** `_cat/recovery` columns (OpenSearch's RestCatRecoveryAction). */
export const RECOVERY_COLUMNS: CatColumn[] = [
  c('index', ['i', 'idx'], 'index name'),
  c('shard', ['s', 'sh'], 'shard name', { kind: 'number' }),
  c('start_time', ['start'], 'recovery start time', { default: false }),
  c('start_time_millis', ['start_millis'], 'recovery start time in epoch milliseconds', { default: false, kind: 'number' }),
  c('stop_time', ['stop'], 'recovery stop time', { default: false }),
  c('stop_time_millis', ['stop_millis'], 'recovery stop time in epoch milliseconds', { default: false, kind: 'number' }),
  c('time', ['t', 'ti'], 'recovery time', { kind: 'millis' }),
  c('type', ['ty'], 'recovery type'),
  c('stage', ['st'], 'recovery stage'),
  c('source_host', ['shost'], 'source host'),
  c('source_node', ['snode'], 'source node name'),
  c('target_host', ['thost'], 'target host'),
  c('target_node', ['tnode'], 'target node name'),
  c('repository', ['rep'], 'repository'),
  c('snapshot', ['snap'], 'snapshot'),
  c('files', ['f'], 'number of files to recover', { kind: 'number' }),
  c('files_recovered', ['fr'], 'files recovered', { kind: 'number' }),
  c('files_percent', ['fp'], 'percent of files recovered'),
  c('files_total', ['tf'], 'total number of files', { kind: 'number' }),
  c('bytes', ['b'], 'number of bytes to recover', { kind: 'bytes' }),
  c('bytes_recovered', ['br'], 'bytes recovered', { kind: 'bytes' }),
  c('bytes_percent', ['bp'], 'percent of bytes recovered'),
  c('bytes_total', ['tb'], 'total number of bytes', { kind: 'bytes' }),
  c('translog_ops', ['to'], 'number of translog ops to recover', { kind: 'number' }),
  c('translog_ops_recovered', ['tor'], 'translog ops recovered', { kind: 'number' }),
  c('translog_ops_percent', ['top'], 'percent of translog ops recovered'),
];

/** One row per shard recovery; all are done, so `active_only` leaves none. */
export function recoveryRows(node: ClusterNode, metas: IndexMeta[], q: URLSearchParams): CatRow[] {
  if (q.get('active_only') === 'true') return [];
  const rows: CatRow[] = [];
  for (const m of metas.filter((x) => x.state === 'open')) {
    m.shards.forEach((_, shard) => {
      const r = shardRecovery(node, m, shard);
      rows.push({
        index: m.name, shard, start_time: new Date(r.startMs).toISOString(), start_time_millis: r.startMs,
        stop_time: new Date(r.stopMs).toISOString(), stop_time_millis: r.stopMs, time: r.stopMs - r.startMs,
        type: r.type === 'EMPTY_STORE' ? 'empty_store' : 'existing_store', stage: 'done', source_host: 'n/a', source_node: 'n/a',
        target_host: NODE_IP, target_node: node.clusterName, repository: 'n/a', snapshot: 'n/a',
        files: r.files, files_recovered: 0, files_percent: r.files ? '100.0%' : '0.0%', files_total: r.files,
        bytes: r.bytes, bytes_recovered: 0, bytes_percent: r.bytes ? '100.0%' : '0.0%', bytes_total: r.bytes,
        translog_ops: 0, translog_ops_recovered: 0, translog_ops_percent: '100.0%',
      });
    });
  }
  return rows;
}

/** `_cat/segment_replication` columns: replica-side events. */
export const SEGMENT_REPLICATION_COLUMNS: CatColumn[] = [
  c('shardId', [], 'shard id'),
  c('target_node', ['tnode'], 'target node name'),
  c('target_host', ['thost'], 'target host'),
  c('checkpoints_behind', ['cpb'], 'checkpoints behind primary', { kind: 'number' }),
  c('bytes_behind', ['bb'], 'bytes behind primary', { kind: 'bytes' }),
  c('current_lag', ['clag'], 'current lag', { kind: 'millis' }),
  c('last_completed_lag', ['lcl'], 'last completed lag', { kind: 'millis' }),
  c('rejected_requests', ['rr'], 'rejected requests', { kind: 'number' }),
];
