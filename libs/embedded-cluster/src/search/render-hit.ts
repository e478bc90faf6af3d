import { sourceOf } from './fields';
import { scriptFieldValues } from './script-queries';
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
  // Built by hand: this runs for every hit of every page, and JSON.stringify of a fresh object costs more.
  let text = `{"_index":${JSON.stringify(meta.name)},"_id":${JSON.stringify(row.id)}`;
  if (req.version) text += `,"_version":${row.version}`;
  if (req.seqNoPrimaryTerm) text += `,"_seq_no":${row.seq},"_primary_term":${row.term}`;
  text += `,"_score":${options.withScore ? JSON.stringify(s.score) : 'null'}`;
  if (row.routing !== null) text += `,"_routing":${JSON.stringify(row.routing)}`;
  if (req.source.enabled) {
    text += `,"_source":${isIdentity(req.source) ? row.source : JSON.stringify(filterSource(sourceOf(s.c), req.source))}`;
  }
  if (req.scriptFields?.length) text += `,"fields":${JSON.stringify(scriptFieldValues(req.scriptFields, s.c, () => sourceOf(s.c)))}`;
  if (options.withSort) text += `,"sort":${JSON.stringify(s.values)}`;
  return `${text}}`;
}
