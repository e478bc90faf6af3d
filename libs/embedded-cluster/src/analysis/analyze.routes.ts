import { illegalArgument } from '../http/errors';
import { jsonOf, type Request } from '../http/request';
import { json, type Reply } from '../http/respond';
import type { Router } from '../http/router';
import type { IndexMeta } from '../indices/index-meta';
import type { ClusterNode } from '../node/cluster-node';
import { ANALYZERS, type Chain, runChain, type Token } from './analysis-chain';

/** An analyzer the index defines (`index.analysis.analyzer.<name>.*`): a built-in type or a custom chain. */
function indexAnalyzer(meta: IndexMeta | undefined, name: string): Chain | undefined {
  const key = `index.analysis.analyzer.${name}`;
  const type = meta?.settings[`${key}.type`];
  if (!meta || type === undefined) return undefined;
  if (type !== 'custom') return ANALYZERS[String(type)];
  const list = (v: unknown) => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);
  return { tokenizer: String(meta.settings[`${key}.tokenizer`] ?? 'standard'), filters: list(meta.settings[`${key}.filter`]), charFilters: list(meta.settings[`${key}.char_filter`]) };
}

/** The chain of an analyzer by name: the index's own first, then the built-ins; unknown names are a 400. */
export function analyzerChain(meta: IndexMeta | undefined, name: string | undefined): Chain {
  const n = name ?? (indexAnalyzer(meta, 'default') ? 'default' : 'standard');
  const chain = indexAnalyzer(meta, n) ?? ANALYZERS[n];
  if (!chain) throw illegalArgument(`failed to find global analyzer [${n}]`);
  return chain;
}

/** The chain a request names: an analyzer (the index's own first), or a tokenizer with filters; default `default`, else standard. */
function chainOf(body: Record<string, unknown>, meta?: IndexMeta): Chain {
  if (body.tokenizer !== undefined) {
    const list = (v: unknown) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
    return { tokenizer: String(body.tokenizer), filters: list(body.filter), charFilters: list(body.char_filter).map(String) };
  }
  return analyzerChain(meta, body.analyzer === undefined ? undefined : String(body.analyzer));
}

/**
 * `_analyze` with the built-in analyzers, tokenizers (standard, whitespace, keyword, letter), `html_strip`
 * and the lowercase, uppercase, asciifolding and stop filters. Values of a multi-value text continue the
 * offsets (+1 between values) and positions (+100, the default position_increment_gap), as Lucene does.
 */
function analyze(node: ClusterNode, req: Request, index?: string): Reply {
  const meta = index ? node.resolve(index, {})[0] : undefined;
  const body = jsonOf(req) ?? {};
  if (body.text === undefined) throw illegalArgument('text is missing');
  const chain = chainOf(body, meta);
  const texts = (Array.isArray(body.text) ? body.text : [body.text]).map(String);
  const tokens: Token[] = [];
  let base = { offset: 0, position: 0 };
  for (const text of texts) {
    const out = runChain(chain, text, base);
    tokens.push(...out);
    const lastPos = out.length ? out[out.length - 1].position : base.position - 1;
    base = { offset: base.offset + text.length + 1, position: lastPos + 101 };
  }
  return json({ tokens });
}

/** `_analyze` and `{index}/_analyze`. */
export function registerAnalyzeRoutes(router: Router, node: ClusterNode): void {
  router.add(['GET', 'POST'], '/_analyze', (req) => analyze(node, req));
  router.add(['GET', 'POST'], '/{index}/_analyze', (req, p) => analyze(node, req, p.index));
}
