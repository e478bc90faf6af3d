import { wildcardRegex } from '../indices/index-names';
import type { AliasSpec, Mappings } from '../indices/index-meta';
import { flattenSettings } from '../indices/index-meta';
import type { IndexTemplate, TemplateBody, TemplateSets } from './template-store';

/** What an index is created with: the request's parts after templates were laid under them. */
export interface CreateParts {
  settings?: unknown;
  mappings?: Mappings;
  aliases?: Record<string, AliasSpec>;
}

const matches = (patterns: string[], name: string) => patterns.some((p) => wildcardRegex(p).test(name));

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Deep-merges mappings: objects merge key by key, `over` wins on leaves. */
export function mergeMappings(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = isObject(v) && isObject(out[k]) ? mergeMappings(out[k] as Record<string, unknown>, v) : v;
  return out;
}

function layer(acc: Required<TemplateBody>, part: TemplateBody | undefined): Required<TemplateBody> {
  if (!part) return acc;
  return {
    settings: { ...acc.settings, ...flattenSettings(part.settings ?? {}) },
    mappings: mergeMappings(acc.mappings, part.mappings ?? {}),
    aliases: { ...acc.aliases, ...(part.aliases ?? {}) },
  };
}

/**
 * The template parts for a new index, as OpenSearch resolves them: the matching composable template with
 * the highest priority (its components in order, then its own template); only when none matches, every
 * matching legacy template by ascending order. Hidden from the result: which templates applied.
 */
export function templatePartsFor(sets: TemplateSets, name: string): Required<TemplateBody> {
  let acc: Required<TemplateBody> = { settings: {}, mappings: {}, aliases: {} };
  const composable = Object.values(sets.composable)
    .filter((t) => matches(t.index_patterns, name))
    .sort((a, b) => (b.priority ?? 0) - (a.priority ?? 0))[0];
  if (composable) return composeTemplate(sets, composable);
  const legacy = Object.values(sets.legacy).filter((t) => matches(t.index_patterns, name)).sort((a, b) => a.order - b.order);
  for (const t of legacy) acc = layer(acc, t);
  return acc;
}

/** A composable template's parts: its components in order, then its own template. */
export function composeTemplate(sets: TemplateSets, t: Pick<IndexTemplate, 'composed_of' | 'template'>): Required<TemplateBody> {
  let acc: Required<TemplateBody> = { settings: {}, mappings: {}, aliases: {} };
  for (const c of t.composed_of ?? []) acc = layer(acc, sets.component[c]?.template);
  return layer(acc, t.template);
}

/** Lays the matching templates under a create request (the request wins). */
export function applyTemplates(sets: TemplateSets, name: string, parts: CreateParts): CreateParts {
  const t = templatePartsFor(sets, name);
  if (!Object.keys(t.settings).length && !Object.keys(t.mappings).length && !Object.keys(t.aliases).length) return parts;
  return {
    settings: { ...t.settings, ...flattenSettings(parts.settings ?? {}) },
    mappings: mergeMappings(t.mappings, (parts.mappings ?? {}) as Record<string, unknown>) as Mappings,
    aliases: { ...(t.aliases as Record<string, AliasSpec>), ...(parts.aliases ?? {}) },
  };
}
