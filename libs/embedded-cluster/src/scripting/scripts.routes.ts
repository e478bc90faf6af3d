import { AppError } from '@ferry/core';
import { indexNotFound } from '../http/errors';
import { jsonOf } from '../http/request';
import { json } from '../http/respond';
import type { Router } from '../http/router';
import type { ClusterNode } from '../node/cluster-node';
import type { Candidate } from '../search/fields';
import { docAccess } from './doc-access';
import { javaString, PDouble } from './painless-values';
import { CONTEXT_NAMES, scriptContexts, scriptLanguages } from './script-contexts';

function checkContext(context: string | undefined): void {
  if (context !== undefined && !CONTEXT_NAMES.has(context)) throw new AppError(400, `script context [${context}] not supported`, { type: 'illegal_argument_exception' });
}

/** A document of `context_setup` as a candidate of its index, for `doc[...]` in filter and score contexts. */
function setupCandidate(node: ClusterNode, setup: unknown): Candidate {
  const s = (setup ?? {}) as { index?: unknown; document?: unknown };
  if (typeof s.index !== 'string') throw new AppError(400, 'context_setup requires an [index]', { type: 'illegal_argument_exception' });
  const meta = node.registry.get(s.index);
  if (!meta) throw indexNotFound(s.index);
  const doc = s.document !== null && typeof s.document === 'object' ? s.document : {};
  return { meta, row: { shard: 0, seq: 0, id: '_id', version: 1, term: 1, routing: null, source: JSON.stringify(doc) } };
}

/** `_scripts/painless/_execute`: runs a script in `painless_test` (result as Java's toString), `filter` or `score`. */
function execute(node: ClusterNode, body: Record<string, unknown>): unknown {
  const context = body.context === undefined ? 'painless_test' : String(body.context);
  if (!['painless_test', 'filter', 'score'].includes(context)) {
    throw new AppError(400, `unsupported context [${context}]: the embedded cluster executes painless_test, filter and score`, { type: 'illegal_argument_exception' });
  }
  if (body.script === undefined) throw new AppError(400, '[script] is missing', { type: 'parsing_exception' });
  const script = node.scripts.compile(body.script);
  if (context === 'painless_test') {
    const raw = script.runRaw();
    script.toJs(raw); // refuses a value that holds itself before it is printed
    return { result: javaString(raw) };
  }
  const c = setupCandidate(node, body.context_setup);
  const result = script.run({ doc: docAccess(c), _score: new PDouble(0) });
  if (context === 'filter' && typeof result !== 'boolean') throw new AppError(400, 'a filter script must return a boolean', { type: 'illegal_argument_exception' });
  if (context === 'score' && typeof result !== 'number') throw new AppError(400, 'a score script must return a number', { type: 'illegal_argument_exception' });
  return { result };
}

/** Stored scripts, script contexts and languages, and the Painless execute API. */
export function registerScriptRoutes(router: Router, node: ClusterNode): void {
  router.add('GET', '/_script_context', () => json(scriptContexts()));
  router.add('GET', '/_script_language', () => json(scriptLanguages()));
  router.add(['GET', 'POST'], '/_scripts/painless/_execute', (req) => json(execute(node, jsonOf(req) ?? {})));
  const put = (id: string, body: unknown, context?: string) => {
    checkContext(context);
    node.scripts.putStored(id, body);
    return json({ acknowledged: true });
  };
  router.add(['PUT', 'POST'], '/_scripts/{id}', (req, p) => put(p.id, jsonOf(req), req.query.get('context') ?? undefined));
  router.add(['PUT', 'POST'], '/_scripts/{id}/{context}', (req, p) => put(p.id, jsonOf(req), p.context));
  router.add('GET', '/_scripts/{id}', (_req, p) => {
    const script = node.scripts.getStored(p.id);
    return script ? json({ _id: p.id, found: true, script }) : json({ _id: p.id, found: false }, 404);
  });
  router.add('DELETE', '/_scripts/{id}', (_req, p) => {
    if (!node.scripts.deleteStored(p.id)) throw new AppError(404, `stored script [${p.id}] does not exist`, { type: 'resource_not_found_exception' });
    return json({ acknowledged: true });
  });
}
