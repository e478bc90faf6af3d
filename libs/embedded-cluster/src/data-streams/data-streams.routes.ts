import { AppError } from '@ferry/core';
import { humanBytes } from '../cat/cat-table';
import { indexHealth } from '../cluster/health';
import { json, type Reply } from '../http/respond';
import type { Request } from '../http/request';
import type { Router } from '../http/router';
import type { IndexMeta } from '../indices/index-meta';
import type { ClusterNode } from '../node/cluster-node';
import { parseDate, valuesAt } from '../search/fields';
import type { DataStream } from './data-stream-store';

function notFound(name: string): AppError {
  return new AppError(404, `no such index [${name}]`, { type: 'index_not_found_exception', fields: { index: name, 'resource.id': name, 'resource.type': 'index_or_alias', index_uuid: '_na_' } });
}

/** The streams an expression names; a concrete name that is not a stream is a 404, as OpenSearch answers. */
function streamsOf(node: ClusterNode, expr: string | undefined): DataStream[] {
  const found = node.dataStreams.match(expr);
  for (const part of (expr ?? '').split(',').map((p) => p.trim())) {
    if (part && !part.includes('*') && part !== '_all' && !node.dataStreams.get(part)) throw notFound(part);
  }
  return found;
}

/** The worst health of a stream's backing indices, upper-case as OpenSearch writes it. */
function status(metas: IndexMeta[]): string {
  const order = ['green', 'yellow', 'red'];
  return metas.map(indexHealth).reduce((w, h) => (order.indexOf(h) > order.indexOf(w) ? h : w), 'green').toUpperCase();
}

function view(node: ClusterNode, ds: DataStream): Record<string, unknown> {
  const metas = node.dataStreams.backing(ds);
  return {
    name: ds.name,
    timestamp_field: { name: ds.timestampField },
    indices: metas.map((m) => ({ index_name: m.name, index_uuid: m.uuid })),
    generation: ds.generation,
    status: status(metas),
    template: ds.template,
  };
}

/** The largest timestamp of a stream's documents (0 when empty), read at each shard's refresh point. */
function maximumTimestamp(node: ClusterNode, ds: DataStream): number {
  let max = 0;
  for (const meta of node.dataStreams.backing(ds)) {
    meta.shards.forEach((s, shard) => {
      for (const row of node.store.iterate({ idx: meta.num, shard, point: s.refreshed, from: -1, to: Number.MAX_SAFE_INTEGER })) {
        for (const v of valuesAt(JSON.parse(row.source), ds.timestampField)) {
          const t = parseDate(v);
          if (Number.isFinite(t) && t > max) max = t;
        }
      }
    });
  }
  return max;
}

function stats(node: ClusterNode, req: Request, expr?: string): Reply {
  const human = req.query.get('human') === 'true';
  const streams = streamsOf(node, expr);
  let shards = 0;
  let backingTotal = 0;
  let total = 0;
  const entries = streams.map((ds) => {
    const metas = node.dataStreams.backing(ds);
    const size = metas.reduce((n, m) => n + m.shards.reduce((k, s) => k + s.bytes, 0), 0);
    shards += metas.reduce((n, m) => n + m.shards.length, 0);
    backingTotal += metas.length;
    total += size;
    return { data_stream: ds.name, backing_indices: metas.length, ...(human ? { store_size: humanBytes(size) } : {}), store_size_bytes: size, maximum_timestamp: maximumTimestamp(node, ds) };
  });
  return json({
    _shards: { total: shards, successful: shards, failed: 0 },
    data_stream_count: streams.length,
    backing_indices: backingTotal,
    ...(human ? { total_store_size: humanBytes(total) } : {}),
    total_store_size_bytes: total,
    data_streams: entries,
  });
}

function remove(node: ClusterNode, expr: string): Reply {
  for (const ds of streamsOf(node, expr)) node.dataStreams.delete(ds, (m) => node.registry.delete(m.name));
  return json({ acknowledged: true });
}

/** `_data_stream`: create (from a matching template with `data_stream`), get, delete and stats. */
export function registerDataStreamRoutes(router: Router, node: ClusterNode): void {
  router.add('GET', '/_data_stream', () => json({ data_streams: node.dataStreams.match(undefined).map((ds) => view(node, ds)) }));
  router.add('GET', '/_data_stream/_stats', (req) => stats(node, req));
  router.add('PUT', '/_data_stream/{name}', (_req, p) => {
    node.dataStreams.create(p.name);
    return json({ acknowledged: true });
  });
  router.add('GET', '/_data_stream/{name}', (_req, p) => json({ data_streams: streamsOf(node, p.name).map((ds) => view(node, ds)) }));
  router.add('DELETE', '/_data_stream/{name}', (_req, p) => remove(node, p.name));
  router.add('GET', '/_data_stream/{name}/_stats', (req, p) => stats(node, req, p.name));
}
