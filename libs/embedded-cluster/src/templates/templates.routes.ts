import { AppError } from '@ferry/core';
import { validationFailed } from '../http/errors';
import { jsonOf, type Request } from '../http/request';
import { json, type Reply } from '../http/respond';
import type { Router } from '../http/router';
import { wildcardRegex } from '../indices/index-names';
import { flattenSettings, nestSettings } from '../indices/index-meta';
import type { ClusterNode } from '../node/cluster-node';
import { composeTemplate, templatePartsFor } from './apply-templates';
import type { TemplateBody, TemplateSets } from './template-store';

const ACK = { acknowledged: true };

/** Names matching a `name,other,pat*` expression (all when absent). */
function selected(all: Record<string, unknown>, expr?: string): string[] {
  if (!expr || expr === '*' || expr === '_all') return Object.keys(all).sort();
  const res = expr.split(',').map((p) => wildcardRegex(p.trim()));
  return Object.keys(all).filter((n) => res.some((re) => re.test(n))).sort();
}

function patternsOf(body: Record<string, unknown>): string[] {
  const raw = body.index_patterns;
  const list = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? [raw] : [];
  if (list.length === 0) throw validationFailed('index patterns are missing');
  return list;
}

/** Stores a template's parts with flat settings, and shows them nested as OpenSearch answers. */
const stored = (t: unknown): TemplateBody => {
  const b = (t ?? {}) as TemplateBody;
  return { settings: flattenSettings(b.settings ?? {}), mappings: b.mappings ?? {}, aliases: b.aliases ?? {} };
};
const shown = (t: TemplateBody | undefined) => ({ settings: nestSettings(t?.settings ?? {}), mappings: t?.mappings ?? {}, aliases: t?.aliases ?? {} });
const optional = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

function putLegacy(node: ClusterNode, req: Request, name: string): Reply {
  const b = jsonOf(req) ?? {};
  if (req.query.get('create') === 'true' && name in node.templates.sets.legacy) throw new AppError(400, `index_template [${name}] already exists`, { type: 'illegal_argument_exception' });
  const version = b.version as number | undefined;
  node.templates.put('legacy', name, { index_patterns: patternsOf(b), order: Number(b.order ?? 0), ...optional({ version }), ...stored(b) });
  return json(ACK);
}

function getLegacy(node: ClusterNode, name?: string): Reply {
  const names = selected(node.templates.sets.legacy, name);
  const out = Object.fromEntries(names.map((n) => {
    const t = node.templates.sets.legacy[n];
    return [n, { order: t.order, ...optional({ version: t.version }), index_patterns: t.index_patterns, ...shown(t) }];
  }));
  return json(out, name && names.length === 0 ? 404 : 200);
}

function putComposable(node: ClusterNode, req: Request, name: string): Reply {
  const b = jsonOf(req) ?? {};
  if (req.query.get('create') === 'true' && name in node.templates.sets.composable) throw new AppError(400, `index template [${name}] already exists`, { type: 'illegal_argument_exception' });
  const composed = (b.composed_of ?? []) as string[];
  const missing = composed.filter((c) => !(c in node.templates.sets.component));
  if (missing.length) throw new AppError(400, `index template [${name}] specifies component templates ${JSON.stringify(missing)} that do not exist`, { type: 'invalid_index_template_exception' });
  node.templates.put('composable', name, optional({
    index_patterns: patternsOf(b), template: stored(b.template), composed_of: composed, priority: b.priority as number | undefined,
    version: b.version as number | undefined, _meta: b._meta as Record<string, unknown> | undefined, data_stream: b.data_stream as Record<string, unknown> | undefined,
  }) as unknown as TemplateSets['composable'][string]);
  return json(ACK);
}

function getComposable(node: ClusterNode, name?: string): Reply {
  const names = selected(node.templates.sets.composable, name);
  if (name && names.length === 0) throw new AppError(404, `index template matching [${name}] not found`, { type: 'resource_not_found_exception' });
  const list = names.map((n) => {
    const t = node.templates.sets.composable[n];
    return { name: n, index_template: { ...t, template: shown(t.template), composed_of: t.composed_of ?? [] } };
  });
  return json({ index_templates: list });
}

function putComponent(node: ClusterNode, req: Request, name: string): Reply {
  const b = jsonOf(req) ?? {};
  if (b.template === undefined) throw validationFailed('template is missing');
  node.templates.put('component', name, optional({ template: stored(b.template), version: b.version, _meta: b._meta }) as unknown as TemplateSets['component'][string]);
  return json(ACK);
}

function getComponent(node: ClusterNode, name?: string): Reply {
  const names = selected(node.templates.sets.component, name);
  if (name && names.length === 0) throw new AppError(404, `component template matching [${name}] not found`, { type: 'resource_not_found_exception' });
  const list = names.map((n) => ({ name: n, component_template: { ...node.templates.sets.component[n], template: shown(node.templates.sets.component[n].template) } }));
  return json({ component_templates: list });
}

function remove(node: ClusterNode, kind: keyof TemplateSets, name: string, what: string): Reply {
  const names = selected(node.templates.sets[kind], name);
  if (names.length === 0) throw new AppError(404, `${what} [${name}] missing`, { type: kind === 'legacy' ? 'index_template_missing_exception' : 'resource_not_found_exception' });
  node.templates.delete(kind, names);
  return json(ACK);
}

const exists = (all: Record<string, unknown>, name: string): Reply => ({ status: selected(all, name).length ? 200 : 404, body: '' });

/** `_simulate_index/{name}`: the settings, mappings and aliases a new index of that name would get. */
function simulateIndex(node: ClusterNode, name: string): Reply {
  return json({ template: shown(templatePartsFor(node.templates.sets, name)), overlapping: [] });
}

/** `_simulate[/{name}]`: what a template (the body, or the named one) resolves to with its components. */
function simulate(node: ClusterNode, req: Request, name?: string): Reply {
  const sets = node.templates.sets;
  const body = jsonOf(req);
  const t = name ? sets.composable[name] : body ? { index_patterns: patternsOf(body), template: stored(body.template), composed_of: (body.composed_of ?? []) as string[] } : undefined;
  if (!t) throw new AppError(404, `unable to simulate template [${name}] that does not exist`, { type: 'resource_not_found_exception' });
  return json({ template: shown(composeTemplate(sets, t)), overlapping: [] });
}

/** Legacy `_template`, composable `_index_template` and `_component_template`. */
export function registerTemplateRoutes(router: Router, node: ClusterNode): void {
  const sets = node.templates.sets;
  router.add(['PUT', 'POST'], '/_template/{name}', (req, p) => putLegacy(node, req, p.name));
  router.add('GET', '/_template', () => getLegacy(node));
  router.add('GET', '/_template/{name}', (_req, p) => getLegacy(node, p.name));
  router.add('HEAD', '/_template/{name}', (_req, p) => exists(sets.legacy, p.name));
  router.add('DELETE', '/_template/{name}', (_req, p) => remove(node, 'legacy', p.name, 'index_template'));
  router.add('POST', '/_index_template/_simulate_index/{name}', (_req, p) => simulateIndex(node, p.name));
  router.add('POST', '/_index_template/_simulate', (req) => simulate(node, req));
  router.add('POST', '/_index_template/_simulate/{name}', (req, p) => simulate(node, req, p.name));
  router.add(['PUT', 'POST'], '/_index_template/{name}', (req, p) => putComposable(node, req, p.name));
  router.add('GET', '/_index_template', () => getComposable(node));
  router.add('GET', '/_index_template/{name}', (_req, p) => getComposable(node, p.name));
  router.add('HEAD', '/_index_template/{name}', (_req, p) => exists(sets.composable, p.name));
  router.add('DELETE', '/_index_template/{name}', (_req, p) => remove(node, 'composable', p.name, 'index_template'));
  router.add(['PUT', 'POST'], '/_component_template/{name}', (req, p) => putComponent(node, req, p.name));
  router.add('GET', '/_component_template', () => getComponent(node));
  router.add('GET', '/_component_template/{name}', (_req, p) => getComponent(node, p.name));
  router.add('HEAD', '/_component_template/{name}', (_req, p) => exists(sets.component, p.name));
  router.add('DELETE', '/_component_template/{name}', (_req, p) => remove(node, 'component', p.name, 'component_template'));
}
