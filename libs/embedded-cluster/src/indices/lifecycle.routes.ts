import { illegalArgument } from '../http/errors';
import type { Request } from '../http/request';
import { json, type Reply } from '../http/respond';
import type { Router } from '../http/router';
import type { ClusterNode } from '../node/cluster-node';
import { type IndexMeta, replicaCount } from './index-meta';
import { resolveOptionsOf } from './resolve';

function shardsHeader(metas: IndexMeta[]): { total: number; successful: number; failed: number } {
  let total = 0;
  let successful = 0;
  for (const m of metas) {
    if (m.state !== 'open') continue;
    total += m.shards.length * (1 + replicaCount(m));
    successful += m.shards.length;
  }
  return { total, successful, failed: 0 };
}

function setState(node: ClusterNode, req: Request, expr: string, state: 'open' | 'close'): Reply {
  const metas = node.resolve(expr, resolveOptionsOf(req.query, { expandWildcards: state === 'open' ? 'closed' : 'open' }));
  for (const m of metas) {
    m.state = state;
    if (state === 'open') node.refresh(m, false);
    node.registry.save(m);
  }
  if (state === 'open') return json({ acknowledged: true, shards_acknowledged: true });
  return json({ acknowledged: true, shards_acknowledged: true, indices: Object.fromEntries(metas.map((m) => [m.name, { closed: true }])) });
}

const BLOCKS = new Set(['metadata', 'read', 'read_only', 'write']);

function addBlock(node: ClusterNode, req: Request, expr: string, block: string): Reply {
  if (!BLOCKS.has(block)) throw illegalArgument(`No block found for [${block}]`);
  const metas = node.resolve(expr, resolveOptionsOf(req.query, {}));
  for (const m of metas) {
    m.settings[`index.blocks.${block}`] = 'true';
    node.registry.save(m);
  }
  return json({ acknowledged: true, shards_acknowledged: true, indices: metas.map((m) => ({ name: m.name, blocked: true })) });
}

function maintenanceOp(node: ClusterNode, req: Request, expr: string | undefined, kind: 'flush' | 'forcemerge' | 'cache'): Reply {
  const metas = node.resolve(expr, resolveOptionsOf(req.query, { forbidClosed: true })).filter((m) => m.state === 'open');
  if (kind === 'flush') {
    for (const m of metas) m.shards.forEach((s) => s.flushTotal++);
    node.db.pragma('wal_checkpoint(PASSIVE)');
  }
  if (kind === 'forcemerge') node.collectGarbage();
  return json({ _shards: shardsHeader(metas) });
}

function resolveIndex(node: ClusterNode, req: Request, expr: string): Reply {
  const metas = node.resolve(expr, { ...resolveOptionsOf(req.query, { expandWildcards: 'open' }), ignoreUnavailable: true });
  const aliases = new Map<string, string[]>();
  for (const m of node.registry.all()) {
    for (const a of Object.keys(m.aliases)) if (metas.includes(m)) aliases.set(a, [...(aliases.get(a) ?? []), m.name]);
  }
  return json({
    indices: metas.map((m) => ({
      name: m.name,
      ...(Object.keys(m.aliases).length ? { aliases: Object.keys(m.aliases).sort() } : {}),
      attributes: [m.state === 'open' ? 'open' : 'closed'],
    })),
    aliases: [...aliases.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, indices]) => ({ name, indices: indices.sort() })),
    data_streams: [],
  });
}

/** `_open`, `_close`, `_block`, `_flush`, `_forcemerge`, `_cache/clear` and `_resolve/index`. */
export function registerIndexLifecycleRoutes(router: Router, node: ClusterNode): void {
  router.add('POST', '/{index}/_open', (req, p) => setState(node, req, p.index, 'open'));
  router.add('POST', '/{index}/_close', (req, p) => setState(node, req, p.index, 'close'));
  router.add('PUT', '/{index}/_block/{block}', (req, p) => addBlock(node, req, p.index, p.block));
  router.add(['POST', 'GET'], '/_flush', (req) => maintenanceOp(node, req, undefined, 'flush'));
  router.add(['POST', 'GET'], '/{index}/_flush', (req, p) => maintenanceOp(node, req, p.index, 'flush'));
  router.add('POST', '/_forcemerge', (req) => maintenanceOp(node, req, undefined, 'forcemerge'));
  router.add('POST', '/{index}/_forcemerge', (req, p) => maintenanceOp(node, req, p.index, 'forcemerge'));
  router.add('POST', '/_cache/clear', (req) => maintenanceOp(node, req, undefined, 'cache'));
  router.add('POST', '/{index}/_cache/clear', (req, p) => maintenanceOp(node, req, p.index, 'cache'));
  router.add('GET', '/_resolve/index/{name}', (req, p) => resolveIndex(node, req, p.name));
}
