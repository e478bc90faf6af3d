import { jsonOf, type Request } from '../http/request';
import { json, type Reply } from '../http/respond';
import type { Router } from '../http/router';
import type { ClusterNode } from '../node/cluster-node';
import { tasksOf } from '../tasks/task-registry';
import { resizeIndex, type ResizeKind } from './resize';

/**
 * `POST|PUT /{index}/_clone|_shrink|_split/{target}`. The copy is synchronous; `wait_for_completion=false`
 * answers `{task}` with a task that already holds the result, readable with `GET _tasks/<id>`.
 */
function resize(node: ClusterNode, req: Request, kind: ResizeKind, p: Record<string, string>): Reply {
  const body = jsonOf(req) ?? {};
  if (req.query.get('wait_for_completion') !== 'false') {
    const target = resizeIndex(node, { kind, sourceName: p.index, targetName: p.target, body });
    return json({ acknowledged: true, shards_acknowledged: true, index: target.name });
  }
  const tasks = tasksOf(node);
  const task = tasks.start({ action: `indices:admin/resize`, description: `${kind} from [${p.index}] to [${p.target}]` });
  try {
    const target = resizeIndex(node, { kind, sourceName: p.index, targetName: p.target, body });
    tasks.finish(task, { response: { acknowledged: true, shards_acknowledged: true, index: target.name }, keep: true });
  } catch (err) {
    tasks.finish(task, { error: { type: 'exception', reason: (err as Error).message }, keep: true });
  }
  return json({ task: tasks.fullId(task) });
}

/** Clone, shrink and split. */
export function registerResizeRoutes(router: Router, node: ClusterNode): void {
  for (const kind of ['clone', 'shrink', 'split'] as const) {
    router.add(['POST', 'PUT'], `/{index}/_${kind}/{target}`, (req, p) => resize(node, req, kind, p));
  }
}
