/** A script context as `_script_context` lists it: the `execute` signature and the getters scripts may call. */
interface ContextSpec {
  name: string;
  returns: string;
  params?: [string, string][];
  getters?: [string, string][];
}

const P: [string, string] = ['getParams', 'java.util.Map'];
const DOC: [string, string] = ['getDoc', 'java.util.Map'];

/**
 * The Painless contexts the embedded cluster runs scripts in, with OpenSearch's signatures. `filter`, `score`,
 * `field`, `aggs`, `update`, `update_by_query`, `reindex`, `ingest` and `painless_test` are used by its APIs; the
 * others are accepted by `_scripts/{id}/{context}` and `_scripts/painless/_execute` like OpenSearch's.
 */
const CONTEXTS: ContextSpec[] = [
  { name: 'aggs', returns: 'java.lang.Object', getters: [DOC, P, ['get_score', 'java.lang.Number'], ['get_value', 'java.lang.Object']] },
  { name: 'field', returns: 'java.lang.Object', getters: [DOC, P, ['get_source', 'java.util.Map']] },
  { name: 'filter', returns: 'boolean', getters: [DOC, P] },
  { name: 'ingest', returns: 'void', params: [['ctx', 'java.util.Map']], getters: [P] },
  { name: 'number_sort', returns: 'double', getters: [DOC, P, ['get_score', 'double']] },
  { name: 'painless_test', returns: 'java.lang.Object', getters: [P] },
  { name: 'reindex', returns: 'void', getters: [['getCtx', 'java.util.Map'], P] },
  { name: 'score', returns: 'double', params: [['explanation', 'org.opensearch.script.ScoreScript$ExplanationHolder']], getters: [DOC, P, ['get_score', 'double']] },
  { name: 'string_sort', returns: 'java.lang.String', getters: [DOC, P, ['get_score', 'double']] },
  { name: 'template', returns: 'java.lang.String', getters: [P] },
  { name: 'update', returns: 'void', getters: [['getCtx', 'java.util.Map'], P] },
  { name: 'update_by_query', returns: 'void', getters: [['getCtx', 'java.util.Map'], P] },
];

/** Context names; `_scripts/{id}/{context}` refuses others as OpenSearch does. */
export const CONTEXT_NAMES = new Set(CONTEXTS.map((c) => c.name));

/** `GET _script_context`. */
export function scriptContexts(): { contexts: unknown[] } {
  return {
    contexts: CONTEXTS.map((c) => ({
      name: c.name,
      methods: [
        { name: 'execute', return_type: c.returns, params: (c.params ?? []).map(([name, type]) => ({ type, name })) },
        ...(c.getters ?? []).map(([name, type]) => ({ name, return_type: type, params: [] })),
      ],
    })),
  };
}

/** `GET _script_language`: the languages this node runs (Painless and Mustache) and where. */
export function scriptLanguages(): { types_allowed: string[]; language_contexts: unknown[] } {
  return {
    types_allowed: ['inline', 'stored'],
    language_contexts: [
      { language: 'mustache', contexts: ['template'] },
      { language: 'painless', contexts: CONTEXTS.filter((c) => c.name !== 'template').map((c) => c.name) },
    ],
  };
}
