import { AppError } from '@ferry/core';
import { rmSync } from 'node:fs';
import { jsonOf, type Request } from '../http/request';
import { json, type Reply } from '../http/respond';
import type { Router } from '../http/router';
import { resolveOptionsOf } from '../indices/resolve';
import type { ClusterNode } from '../node/cluster-node';
import { locationOf, RepositoryStore } from './repositories';
import { SnapshotCatalog, snapshotInfo } from './snapshot-catalog';
import { invalidSnapshotName, snapshotMissing } from './snapshot-errors';
import { type RestoreRequest, restoreSnapshot } from './snapshot-restore';
import { takeSnapshot } from './snapshot-writer';

const INVALID = /[\s,"*\\<|>/?#]/;

function catalogOf(node: ClusterNode, repoName: string): SnapshotCatalog {
  const repo = new RepositoryStore(node).require(repoName);
  return new SnapshotCatalog(locationOf(node, repo), repo.name);
}

function indexList(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  return Array.isArray(v) ? v.join(',') : String(v);
}

function createSnapshot(node: ClusterNode, req: Request, repoName: string, name: string): Reply {
  const catalog = catalogOf(node, repoName);
  if (name !== name.toLowerCase()) throw invalidSnapshotName(repoName, name, 'must be lowercase');
  if (INVALID.test(name) || name.startsWith('_')) throw invalidSnapshotName(repoName, name, 'must not contain whitespace, \',\', \'#\' or any of [\\, /, *, ?, ", <, >, |] and must not start with \'_\'');
  if (catalog.list().some((s) => s.name === name)) throw invalidSnapshotName(repoName, name, 'snapshot with the same name already exists');
  const { settings } = new RepositoryStore(node).require(repoName);
  // OpenSearch reads `readonly`; the API specification spells it `read_only`: both mark a read-only repository.
  if (settings.readonly === 'true' || settings.read_only === 'true') {
    throw new AppError(400, `[${repoName}] cannot create snapshot in a readonly repository`, { type: 'repository_exception' });
  }
  const body = jsonOf(req) ?? {};
  const expr = indexList(body.indices);
  const metas = node.resolve(expr, resolveOptionsOf(new URLSearchParams(body.ignore_unavailable === true ? 'ignore_unavailable=true' : ''), { expandWildcards: 'open,closed' }));
  const record = takeSnapshot({
    node, catalog, name, metas: metas.sort((a, b) => (a.name < b.name ? -1 : 1)),
    includeGlobalState: body.include_global_state !== false, metadata: body.metadata as Record<string, unknown> | undefined,
  });
  // The snapshot is written before the answer either way; without wait_for_completion OpenSearch only says it was accepted.
  return req.query.get('wait_for_completion') === 'true' ? json({ snapshot: snapshotInfo(record) }) : json({ accepted: true });
}

function getSnapshots(node: ClusterNode, req: Request, repoName: string, expr: string): Reply {
  const catalog = catalogOf(node, repoName);
  const verbose = req.query.get('verbose') !== 'false';
  return json({ snapshots: catalog.select(expr, req.query.get('ignore_unavailable') === 'true').map((r) => snapshotInfo(r, verbose)) });
}

function deleteSnapshots(node: ClusterNode, repoName: string, expr: string): Reply {
  const catalog = catalogOf(node, repoName);
  const doomed = catalog.select(expr);
  catalog.save(catalog.list().filter((r) => !doomed.some((d) => d.uuid === r.uuid)));
  for (const d of doomed) rmSync(catalog.dir(d.uuid), { recursive: true, force: true });
  return json({ acknowledged: true });
}

function restore(node: ClusterNode, req: Request, repoName: string, name: string): Reply {
  const catalog = catalogOf(node, repoName);
  // Restore names one snapshot exactly, as OpenSearch's RestoreService looks it up: `_current`, `_all` and patterns name none.
  const record = catalog.list().find((s) => s.name === name);
  if (!record) throw snapshotMissing(repoName, name);
  const result = restoreSnapshot({ node, catalog, record, req: (jsonOf(req) ?? {}) as RestoreRequest });
  return req.query.get('wait_for_completion') === 'true' ? json({ snapshot: result }) : json({ accepted: true });
}

function getRepositories(node: ClusterNode, expr?: string): Reply {
  const repos = new RepositoryStore(node).select(expr);
  return json(Object.fromEntries(repos.map((r) => [r.name, { type: r.type, settings: r.settings }])));
}

/** fs snapshot repositories and their snapshots: create, list, delete, restore. */
export function registerSnapshotRoutes(router: Router, node: ClusterNode): void {
  const repos = new RepositoryStore(node);
  router.add('GET', '/_snapshot', () => getRepositories(node));
  router.add('GET', '/_snapshot/{repository}', (_req, p) => getRepositories(node, p.repository));
  router.add(['PUT', 'POST'], '/_snapshot/{repository}', (req, p) => {
    repos.put(p.repository, jsonOf(req) ?? {}, req.query.get('verify') !== 'false');
    return json({ acknowledged: true });
  });
  router.add('DELETE', '/_snapshot/{repository}', (_req, p) => {
    repos.delete(p.repository);
    return json({ acknowledged: true });
  });
  router.add('POST', '/_snapshot/{repository}/_verify', (_req, p) => {
    repos.verify(repos.require(p.repository));
    return json({ nodes: { [node.nodeId]: { name: node.clusterName } } });
  });
  router.add(['PUT', 'POST'], '/_snapshot/{repository}/{snapshot}', (req, p) => createSnapshot(node, req, p.repository, p.snapshot));
  router.add('GET', '/_snapshot/{repository}/{snapshot}', (req, p) => getSnapshots(node, req, p.repository, p.snapshot));
  router.add('DELETE', '/_snapshot/{repository}/{snapshot}', (_req, p) => deleteSnapshots(node, p.repository, p.snapshot));
  router.add('POST', '/_snapshot/{repository}/{snapshot}/_restore', (req, p) => restore(node, req, p.repository, p.snapshot));
}
