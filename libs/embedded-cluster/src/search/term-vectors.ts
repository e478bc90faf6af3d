import { analyzerChain } from '../analysis/analyze.routes';
import { runChain, type Token } from '../analysis/analysis-chain';
import type { FieldMapping, IndexMeta } from '../indices/index-meta';
import type { ClusterNode } from '../node/cluster-node';
import { fieldInfo, valuesAt } from './fields';

/** What a term-vectors request asks for (OpenSearch's defaults: positions, offsets, field statistics). */
export interface TermVectorOptions {
  fields?: string[];
  positions: boolean;
  offsets: boolean;
  termStatistics: boolean;
  fieldStatistics: boolean;
  filter?: Record<string, unknown>;
}

type Mapped = { path: string; mapping: FieldMapping };

/** Every text and keyword field of the mapping, by dotted path. */
function mappedFields(props: Record<string, FieldMapping> | undefined, prefix = ''): Mapped[] {
  return Object.entries(props ?? {}).flatMap(([k, m]) => {
    const path = prefix ? `${prefix}.${k}` : k;
    if (m.properties) return mappedFields(m.properties, path);
    return m.type === 'text' || m.type === 'keyword' ? [{ path, mapping: m }] : [];
  });
}

/** The tokens of one field's values: text through its analyzer, keyword as one term per value. */
function tokensOf(meta: IndexMeta, field: Mapped, source: Record<string, unknown>): Token[] {
  const values = valuesAt(source, field.path).filter((v) => v !== null && typeof v !== 'object').map(String);
  if (field.mapping.type === 'keyword') return values.map((v, i) => ({ token: v, start_offset: 0, end_offset: v.length, type: 'word', position: i }));
  const chain = analyzerChain(meta, field.mapping.analyzer === undefined ? undefined : String(field.mapping.analyzer));
  const out: Token[] = [];
  let base = { offset: 0, position: 0 };
  for (const text of values) {
    const tokens = runChain(chain, text, base);
    out.push(...tokens);
    base = { offset: base.offset + text.length + 1, position: (tokens.length ? tokens[tokens.length - 1].position : base.position - 1) + 101 };
  }
  return out;
}

interface ShardStats {
  docCount: number;
  sumDocFreq: number;
  sumTtf: number;
  docFreq: Map<string, number>;
  ttf: Map<string, number>;
}

/** Field and term statistics of a shard at its refresh point: every visible document is analysed once. */
function shardStats(node: ClusterNode, meta: IndexMeta, shard: number, field: Mapped): ShardStats {
  const s: ShardStats = { docCount: 0, sumDocFreq: 0, sumTtf: 0, docFreq: new Map(), ttf: new Map() };
  for (const row of node.store.iterate({ idx: meta.num, shard, point: meta.shards[shard].refreshed, from: -1, to: Number.MAX_SAFE_INTEGER })) {
    const tokens = tokensOf(meta, field, JSON.parse(row.source) as Record<string, unknown>);
    if (tokens.length === 0) continue;
    s.docCount++;
    s.sumTtf += tokens.length;
    const distinct = new Set<string>();
    for (const t of tokens) {
      distinct.add(t.token);
      s.ttf.set(t.token, (s.ttf.get(t.token) ?? 0) + 1);
    }
    for (const t of distinct) s.docFreq.set(t, (s.docFreq.get(t) ?? 0) + 1);
    s.sumDocFreq += distinct.size;
  }
  return s;
}

/** Which fields get vectors: those asked for, else those stored with vectors (an artificial document: every field). */
function chosenFields(meta: IndexMeta, options: TermVectorOptions, artificial: boolean): Mapped[] {
  const all = mappedFields(meta.mappings.properties);
  if (options.fields) {
    return options.fields.flatMap((f) => {
      const hit = all.find((m) => m.path === f);
      if (hit) return [hit];
      const info = fieldInfo(meta, f);
      return info.type === undefined && artificial ? [{ path: f, mapping: { type: 'text' } }] : [];
    });
  }
  return artificial ? all : all.filter((m) => m.mapping.term_vector !== undefined && m.mapping.term_vector !== 'no' && m.mapping.term_vector !== false);
}

/** The filter's tf-idf keep rule (OpenSearch's TermVectorsFilter): bounds on frequencies and word length, top N by score. */
function keepTerms(terms: [string, number][], stats: ShardStats, filter: Record<string, unknown> | undefined): Map<string, number | undefined> {
  if (!filter) return new Map(terms.map(([t]) => [t, undefined]));
  const n = (k: string, d: number) => (filter[k] === undefined ? d : Number(filter[k]));
  const scored = terms
    .filter(([t, tf]) => {
      const df = stats.docFreq.get(t) ?? 0;
      return tf >= n('min_term_freq', 1) && tf <= n('max_term_freq', Infinity) && df >= n('min_doc_freq', 1) && df <= n('max_doc_freq', Infinity)
        && t.length >= n('min_word_length', 0) && t.length <= n('max_word_length', Infinity);
    })
    .map(([t, tf]): [string, number] => [t, tf * (1 + Math.log((stats.docCount + 1) / ((stats.docFreq.get(t) ?? 0) + 1)))]);
  scored.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return new Map(scored.slice(0, n('max_num_terms', 25)));
}

/** `term_vectors` of one document (stored or artificial) on its shard. */
export function termVectors(options: { node: ClusterNode; meta: IndexMeta; shard: number; source: Record<string, unknown>; artificial: boolean; request: TermVectorOptions }): Record<string, unknown> {
  const { node, meta, shard, source, request } = options;
  const out: Record<string, unknown> = {};
  for (const field of chosenFields(meta, request, options.artificial)) {
    const tokens = tokensOf(meta, field, source);
    if (tokens.length === 0) continue;
    const byTerm = new Map<string, Token[]>();
    for (const t of tokens) byTerm.set(t.token, [...(byTerm.get(t.token) ?? []), t]);
    const needStats = request.fieldStatistics || request.termStatistics || request.filter !== undefined;
    const stats = needStats ? shardStats(node, meta, shard, field) : { docCount: 0, sumDocFreq: 0, sumTtf: 0, docFreq: new Map(), ttf: new Map() };
    const kept = keepTerms([...byTerm.entries()].map(([t, list]) => [t, list.length]), stats, request.filter);
    const terms: Record<string, unknown> = {};
    for (const term of [...kept.keys()].sort()) {
      const list = byTerm.get(term)!;
      const entry: Record<string, unknown> = {};
      if (request.termStatistics) Object.assign(entry, { doc_freq: stats.docFreq.get(term) ?? 0, ttf: stats.ttf.get(term) ?? 0 });
      entry.term_freq = list.length;
      if (request.positions || request.offsets) {
        entry.tokens = list.map((t) => ({ ...(request.positions ? { position: t.position } : {}), ...(request.offsets ? { start_offset: t.start_offset, end_offset: t.end_offset } : {}) }));
      }
      if (kept.get(term) !== undefined) entry.score = kept.get(term);
      terms[term] = entry;
    }
    out[field.path] = {
      ...(request.fieldStatistics ? { field_statistics: { sum_doc_freq: stats.sumDocFreq, doc_count: stats.docCount, sum_ttf: stats.sumTtf } } : {}),
      terms,
    };
  }
  return out;
}
