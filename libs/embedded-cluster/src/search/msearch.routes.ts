import { renderError, toAppError } from '@ferry/core';
import { parsingError } from '../http/errors';
import { parseJson } from '../http/json-depth';
import type { Request } from '../http/request';
import type { Reply } from '../http/respond';
import type { Router } from '../http/router';
import type { ClusterNode } from '../node/cluster-node';
import { runSearch } from './search.routes';

/** Header keys that become the sub-search's query parameters (the others select the target). */
const HEADER_PARAMS = ['routing', 'preference', 'search_type', 'request_cache', 'allow_partial_search_results', 'ignore_unavailable', 'allow_no_indices', 'expand_wildcards'];

/** One sub-search of an `_msearch`: its target, parameters from its header, and its body. */
export interface SubSearch {
  index?: string;
  query: URLSearchParams;
  body: Record<string, unknown>;
}

/** One `_msearch` line: a JSON object, else OpenSearch's 400 (never a SyntaxError's 500). */
function parseLine(line: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = parseJson(line);
  } catch (err) {
    if (err instanceof SyntaxError) throw parsingError(`Failed to parse an _msearch line: ${err.message}`);
    throw err;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw parsingError('An _msearch line must be a JSON object');
  return value as Record<string, unknown>;
}

/** Splits an `_msearch` body into header/body pairs; an empty header line means the defaults. */
export function parseMsearch(raw: Buffer, defaults: URLSearchParams, pathIndex?: string): SubSearch[] {
  const lines = raw.toString('utf8').split('\n').filter((l) => l.trim() !== '');
  if (lines.length % 2 !== 0) throw parsingError('The msearch request must be terminated by a newline [\\n]');
  const out: SubSearch[] = [];
  for (let i = 0; i < lines.length; i += 2) {
    const header = parseLine(lines[i]);
    const query = new URLSearchParams();
    for (const k of HEADER_PARAMS) {
      const v = header[k] ?? defaults.get(k) ?? undefined;
      if (v !== undefined) query.set(k, String(v));
    }
    const index = header.index === undefined ? pathIndex : Array.isArray(header.index) ? header.index.join(',') : String(header.index);
    out.push({ index, query, body: parseLine(lines[i + 1]) });
  }
  return out;
}

/** Runs one sub-search; its failure becomes that item's error, as OpenSearch reports per item. */
export function msearchItem(node: ClusterNode, s: SubSearch, prepare?: (body: Record<string, unknown>) => Record<string, unknown>): string {
  try {
    if (prepare) s = { ...s, body: prepare(s.body) };
    const reply = runSearch(node, { method: 'POST', path: '', segments: [], query: s.query, body: Buffer.from(JSON.stringify(s.body)) }, s.index);
    return `${String(reply.body).slice(0, -1)},"status":${reply.status}}`;
  } catch (err) {
    const rendered = renderError('opensearch', toAppError(err));
    return JSON.stringify({ ...(rendered.body as Record<string, unknown>), status: rendered.status });
  }
}

function msearch(node: ClusterNode, req: Request, index?: string): Reply {
  const started = Date.now();
  const items = parseMsearch(req.body, req.query, index).map((s) => msearchItem(node, s));
  return { status: 200, body: `{"took":${Date.now() - started},"responses":[${items.join(',')}]}` };
}

/** `_msearch`: several searches in one NDJSON request, answered in order. */
export function registerMsearchRoutes(router: Router, node: ClusterNode): void {
  router.add(['GET', 'POST'], '/_msearch', (req) => msearch(node, req));
  router.add(['GET', 'POST'], '/{index}/_msearch', (req, p) => msearch(node, req, p.index));
}
