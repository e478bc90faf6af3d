import { AppError } from '@ferry/core';
import type { Reply } from '../http/respond';
import type { ClusterNode } from '../node/cluster-node';
import { buildPipeline, type ProcessorResult, runRequestProcessors, runResponseProcessors, type SearchPipeline } from './search-pipelines';
import type { Hit } from './search-processors';

/** The setting that names an index's default search pipeline. */
export const DEFAULT_PIPELINE_SETTING = 'index.search.default_pipeline';

/**
 * The pipeline a search runs through: `search_pipeline` in the body (a name, or a definition for this search
 * only), else the `search_pipeline` parameter, else the default pipeline of the one index searched. `_none`
 * means none. The body's key is removed, since the search itself does not know it.
 */
function pipelineOf(node: ClusterNode, q: URLSearchParams, body: Record<string, unknown> | undefined, index?: string): SearchPipeline | undefined {
  const inBody = body?.search_pipeline;
  if (body && inBody !== undefined) delete body.search_pipeline;
  if (inBody !== undefined && typeof inBody !== 'string' && (inBody === null || typeof inBody !== 'object' || Array.isArray(inBody))) {
    throw new AppError(400, '[search_pipeline] must be a pipeline name or a pipeline definition', { type: 'parsing_exception' });
  }
  if (inBody !== null && typeof inBody === 'object') return buildPipeline(inBody);
  const named = typeof inBody === 'string' ? inBody : (q.get('search_pipeline') ?? undefined);
  if (named !== undefined) return named === '_none' || named === '' ? undefined : node.searchPipelines.pipeline(named);
  if (!index || node.searchPipelines.empty) return undefined;
  const metas = node.resolve(index, { ignoreUnavailable: true, allowNoIndices: true });
  const defaults = new Set(metas.map((m) => m.settings[DEFAULT_PIPELINE_SETTING]).filter((v) => v !== undefined && v !== null && v !== '_none'));
  return metas.length === 1 && defaults.size === 1 ? node.searchPipelines.pipeline(String([...defaults][0])) : undefined;
}

/**
 * Runs a search through its search pipeline, if it has one: request processors rewrite the body first,
 * response processors the hits of the answer; `verbose_pipeline=true` adds each processor's
 * `processor_results` (input, output, time).
 */
export function withSearchPipeline(options: {
  node: ClusterNode;
  query: URLSearchParams;
  body: Record<string, unknown> | undefined;
  index?: string;
  run: (body: Record<string, unknown> | undefined) => Reply;
}): Reply {
  const { node, query } = options;
  const pipeline = pipelineOf(node, query, options.body, options.index);
  if (!pipeline) return options.run(options.body);
  if (query.get('scroll')) throw new AppError(400, 'search pipelines are not applied to scroll searches by the embedded cluster', { type: 'illegal_argument_exception' });
  const verbose = query.get('verbose_pipeline') === 'true';
  const results: ProcessorResult[] | undefined = verbose ? [] : undefined;
  const body = runRequestProcessors(pipeline, options.body ?? {}, results);
  const reply = options.run(body);
  if (reply.status !== 200 || (pipeline.response.length === 0 && !verbose)) return reply;
  const answer = JSON.parse(String(reply.body)) as { hits?: { hits?: Hit[] }; processor_results?: ProcessorResult[] };
  if (answer.hits?.hits) answer.hits.hits = runResponseProcessors(pipeline, answer.hits.hits, results);
  if (results) answer.processor_results = results;
  return { ...reply, body: JSON.stringify(answer) };
}
