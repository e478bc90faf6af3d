import { jsonOf, type Request } from '../http/request';
import { json, type Reply } from '../http/respond';
import type { Router } from '../http/router';
import type { ClusterNode } from '../node/cluster-node';
import { msearchItem, parseMsearch } from '../search/msearch.routes';
import { runSearch } from '../search/search.routes';
import { renderSearchTemplate } from './search-template';

/** Request keys of a search template beside the template itself (explain and profile go into the search). */
function templated(node: ClusterNode, body: Record<string, unknown> | undefined): Record<string, unknown> {
  const search = renderSearchTemplate(node.scripts, body);
  if (body?.explain === true) search.explain = true;
  if (body?.profile === true) search.profile = true;
  return search;
}

function searchTemplate(node: ClusterNode, req: Request, index?: string): Reply {
  const search = templated(node, jsonOf(req));
  return runSearch(node, { ...req, body: Buffer.from(JSON.stringify(search)) }, index);
}

function msearchTemplate(node: ClusterNode, req: Request, index?: string): Reply {
  const started = Date.now();
  const items = parseMsearch(req.body, req.query, index).map((s) => msearchItem(node, s, (b) => templated(node, b)));
  return { status: 200, body: `{"took":${Date.now() - started},"responses":[${items.join(',')}]}` };
}

/** Mustache search templates: `_render/template`, `_search/template`, `_msearch/template`. */
export function registerTemplateSearchRoutes(router: Router, node: ClusterNode): void {
  router.add(['GET', 'POST'], '/_render/template', (req) => json({ template_output: renderSearchTemplate(node.scripts, jsonOf(req)) }));
  router.add(['GET', 'POST'], '/_render/template/{id}', (req, p) => json({ template_output: renderSearchTemplate(node.scripts, jsonOf(req), p.id) }));
  router.add(['GET', 'POST'], '/_search/template', (req) => searchTemplate(node, req));
  router.add(['GET', 'POST'], '/{index}/_search/template', (req, p) => searchTemplate(node, req, p.index));
  router.add(['GET', 'POST'], '/_msearch/template', (req) => msearchTemplate(node, req));
  router.add(['GET', 'POST'], '/{index}/_msearch/template', (req, p) => msearchTemplate(node, req, p.index));
}
