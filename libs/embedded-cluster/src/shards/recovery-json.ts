import { humanBytes, humanMillis } from '../cat/cat-table';
import type { ClusterNode } from '../node/cluster-node';
import { nodeOrigin, type ShardRecoveryFacts } from './shard-facts';

function pct(done: number, total: number): string {
  return total === 0 ? '0.0%' : `${((done / total) * 100).toFixed(1)}%`;
}

/** One shard's recovery as `_recovery` reports it; `human` adds the readable twins of the numeric fields. */
export function recoveryJson(node: ClusterNode, r: ShardRecoveryFacts, human: boolean): Record<string, unknown> {
  const took = r.stopMs - r.startMs;
  const h = (key: string, value: string) => (human ? { [key]: value } : {});
  const bytes = { total_in_bytes: r.bytes, reused_in_bytes: r.bytes, recovered_in_bytes: 0, percent: pct(r.bytes, r.bytes),
    ...h('total', humanBytes(r.bytes)), ...h('reused', humanBytes(r.bytes)), ...h('recovered', '0b') };
  const timing = (prefix: string, ms: number) => ({ [`${prefix}_in_millis`]: ms, ...h(prefix, humanMillis(ms)) });
  return {
    id: r.shard,
    type: r.type,
    stage: 'DONE',
    primary: true,
    ...h('start_time', new Date(r.startMs).toISOString()),
    start_time_in_millis: r.startMs,
    ...h('stop_time', new Date(r.stopMs).toISOString()),
    stop_time_in_millis: r.stopMs,
    ...timing('total_time', took),
    source: r.type === 'EXISTING_STORE' ? { bootstrap_new_history_uuid: false } : {},
    target: nodeOrigin(node),
    index: {
      size: bytes,
      files: { total: r.files, reused: r.files, recovered: 0, percent: pct(r.files, r.files) },
      ...timing('total_time', 0), ...timing('source_throttle_time', 0), ...timing('target_throttle_time', 0),
    },
    translog: { recovered: 0, total: 0, percent: '100.0%', total_on_start: 0, ...timing('total_time', 0) },
    verify_index: { ...timing('check_index_time', 0), ...timing('total_time', 0) },
  };
}
