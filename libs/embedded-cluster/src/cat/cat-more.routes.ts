import { AppError } from '@ferry/core';
import { jsonOf, type Request } from '../http/request';
import type { Reply } from '../http/respond';
import type { Router } from '../http/router';
import { wildcardRegex } from '../indices/index-names';
import type { IndexMeta } from '../indices/index-meta';
import { resolveOptionsOf } from '../indices/resolve';
import type { ClusterNode } from '../node/cluster-node';
import type { ReaderContext } from '../node/context-store';
import { SEGMENTS_COLUMNS, segmentsRows } from './cat-index-tables';
import { emptyNodeRows, FIELDDATA_COLUMNS, NODEATTRS_COLUMNS, nodeattrsRows, PLUGINS_COLUMNS, TEMPLATES_COLUMNS, templatesRows } from './cat-misc-tables';
import { RECOVERY_COLUMNS, recoveryRows, SEGMENT_REPLICATION_COLUMNS } from './cat-shard-tables';
import { type CatColumn, catReply, type CatRow } from './cat-table';

function metasOf(node: ClusterNode, req: Request, expr?: string): IndexMeta[] {
  return node.resolve(expr, resolveOptionsOf(req.query, { expandWildcards: 'open' })).sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** The indices a set of point-in-time contexts pins (their segments are what `_cat/pit_segments` lists). */
function pitMetas(node: ClusterNode, pits: ReaderContext[]): IndexMeta[] {
  const names = new Set(pits.flatMap((p) => p.shards.map((s) => s.index)));
  return node.registry.all().filter((m) => names.has(m.name)).sort((a, b) => (a.name < b.name ? -1 : 1));
}

function requestedPits(node: ClusterNode, req: Request): ReaderContext[] {
  const raw = (jsonOf(req) ?? {}).pit_id;
  const ids = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map(String);
  if (ids.length === 0) throw new AppError(400, 'Validation Failed: 1: no pit ids specified;', { type: 'action_request_validation_exception' });
  return ids.map((id) => {
    const ctx = node.contexts.get(id, 'pit');
    if (!ctx) throw new AppError(404, `No search context found for id [${id}]`, { type: 'search_context_missing_exception' });
    return ctx;
  });
}

/** `_cat` tables added for the specification: recovery, templates, PIT segments and the node-level ones. */
export function registerMoreCatRoutes(router: Router, node: ClusterNode): void {
  const table = (path: string, columns: CatColumn[], rows: (req: Request, p: Record<string, string>) => CatRow[]) =>
    router.add('GET', path, (req, p): Reply => catReply(columns, rows(req, p), req.query));
  table('/_cat/recovery', RECOVERY_COLUMNS, (req) => recoveryRows(node, metasOf(node, req), req.query));
  table('/_cat/recovery/{index}', RECOVERY_COLUMNS, (req, p) => recoveryRows(node, metasOf(node, req, p.index), req.query));
  table('/_cat/templates', TEMPLATES_COLUMNS, () => templatesRows(node.templates.sets));
  table('/_cat/templates/{name}', TEMPLATES_COLUMNS, (_req, p) => templatesRows(node.templates.sets, wildcardRegex(p.name)));
  table('/_cat/pit_segments', SEGMENTS_COLUMNS, (req) => segmentsRows(node, pitMetas(node, requestedPits(node, req))));
  table('/_cat/pit_segments/_all', SEGMENTS_COLUMNS, () => segmentsRows(node, pitMetas(node, node.contexts.list('pit'))));
  table('/_cat/fielddata', FIELDDATA_COLUMNS, () => emptyNodeRows(node));
  table('/_cat/fielddata/{fields}', FIELDDATA_COLUMNS, () => emptyNodeRows(node));
  table('/_cat/nodeattrs', NODEATTRS_COLUMNS, () => nodeattrsRows(node));
  table('/_cat/plugins', PLUGINS_COLUMNS, () => emptyNodeRows(node));
  // A single node holds no replica copies, so no segment replication events ever happen.
  table('/_cat/segment_replication', SEGMENT_REPLICATION_COLUMNS, () => []);
  table('/_cat/segment_replication/{index}', SEGMENT_REPLICATION_COLUMNS, (req, p) => (metasOf(node, req, p.index), []));
}
