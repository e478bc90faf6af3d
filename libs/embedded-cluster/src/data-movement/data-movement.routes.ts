import type { Request } from '../http/request';
import { json, type Reply } from '../http/respond';
import type { Router } from '../http/router';
import type { ClusterNode } from '../node/cluster-node';
import { tasksOf } from '../tasks/task-registry';
import { BulkByScroll } from './bulk-by-scroll';
import { type ParsedJob, parseDeleteByQuery, parseReindex, parseUpdateByQuery } from './by-query-requests';

/**
 * Runs a by-query job as a task: `wait_for_completion=false` answers `{task}` at once and the job goes
 * on in batches between other requests; otherwise the answer is the finished job's response.
 */
async function runJob(node: ClusterNode, req: Request, parsed: ParsedJob): Promise<Reply> {
  const tasks = tasksOf(node);
  let runner: BulkByScroll;
  try {
    runner = new BulkByScroll(node, parsed.job);
  } catch (err) {
    parsed.job.scan.close();
    throw err;
  }
  const task = tasks.start({
    action: parsed.action, description: parsed.description, cancellable: true, status: () => runner.status(), rethrottle: (rps) => runner.rethrottle(rps),
  });
  const keep = req.query.get('wait_for_completion') === 'false';
  const done = runner.run(task).then(
    (r) => {
      tasks.finish(task, { response: r.body, keep });
      return r;
    },
    (err: Error) => {
      tasks.finish(task, { error: { type: 'exception', reason: err.message }, keep });
      throw err;
    },
  );
  if (keep) {
    done.catch((err: unknown) => node.logger?.warn({ err }, 'by-query task failed'));
    return json({ task: tasks.fullId(task) });
  }
  const r = await done;
  return json(r.body, r.status);
}

/** `_reindex`, `_delete_by_query`, `_update_by_query`. */
export function registerDataMovementRoutes(router: Router, node: ClusterNode): void {
  router.add('POST', '/_reindex', (req) => runJob(node, req, parseReindex(node, req)));
  router.add('POST', '/{index}/_delete_by_query', (req, p) => runJob(node, req, parseDeleteByQuery(node, req, p.index)));
  router.add('POST', '/{index}/_update_by_query', (req, p) => runJob(node, req, parseUpdateByQuery(node, req, p.index)));
}
