import { sourceOf } from './fields';
import type { SearchRequest } from './search-request';
import type { Scored } from './sort';
import { filterSource, isIdentity } from './source-filter';

/**
 * Renders one hit as JSON text. The stored `_source` text is spliced in verbatim when no filtering is
 * asked for, which saves a parse and a stringify per hit on the hot `_seq_no` scan.
 */
export function renderHit(options: { s: Scored; req: SearchRequest; withScore: boolean; withSort: boolean }): string {
  const { s, req } = options;
  const { row, meta } = s.c;
  const head: Record<string, unknown> = { _index: meta.name, _id: row.id };
  if (req.version) head._version = row.version;
  if (req.seqNoPrimaryTerm) {
    head._seq_no = row.seq;
    head._primary_term = row.term;
  }
  head._score = options.withScore ? s.score : null;
  if (row.routing !== null) head._routing = row.routing;
  let text = JSON.stringify(head).slice(0, -1);
  if (req.source.enabled) {
    text += `,"_source":${isIdentity(req.source) ? row.source : JSON.stringify(filterSource(sourceOf(s.c), req.source))}`;
  }
  if (options.withSort) text += `,"sort":${JSON.stringify(s.values)}`;
  return `${text}}`;
}
