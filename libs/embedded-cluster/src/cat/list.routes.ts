import { illegalArgument } from '../http/errors';
import type { Request } from '../http/request';
import type { Router } from '../http/router';
import { type IndexMeta, replicaCount } from '../indices/index-meta';
import { resolveOptionsOf } from '../indices/resolve';
import type { ClusterNode } from '../node/cluster-node';
import { INDICES_COLUMNS, indicesRows, SHARDS_COLUMNS, shardsRows } from './cat-index-tables';
import { listReply } from './cat-table';

const ENDPOINTS = ['/_list/indices', '/_list/indices/{index}', '/_list/shards', '/_list/shards/{index}'];

/** Where a page ended: the last index's creation time and name (OpenSearch pages indices in creation order). */
interface Token {
  created: number;
  name: string;
}

function encodeToken(t: Token): string {
  return Buffer.from(JSON.stringify([t.created, t.name])).toString('base64url');
}

function decodeToken(raw: string): Token {
  try {
    const [created, name] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof created === 'number' && typeof name === 'string') return { created, name };
  } catch {
    // falls through to the error below
  }
  throw illegalArgument(`Parameter [next_token] has been tainted and is incorrect. Please provide a valid [next_token].`);
}

/**
 * One page of indices in creation order (`sort=asc|desc`), resuming after `next_token`. The page is
 * `size` indices (default `dflt`); the token names the last one, so indices created or deleted between pages
 * neither repeat nor shift the pages that follow.
 */
function page(metas: IndexMeta[], q: URLSearchParams, dflt: number, weigh: (m: IndexMeta) => number): { metas: IndexMeta[]; next: string | null } {
  const sort = q.get('sort') ?? 'asc';
  if (sort !== 'asc' && sort !== 'desc') throw illegalArgument(`value of sort can either be asc or desc`);
  const size = q.has('size') ? Number(q.get('size')) : dflt;
  if (!Number.isInteger(size) || size <= 0) throw illegalArgument(`size must be a positive integer, found [${q.get('size')}]`);
  const sign = sort === 'asc' ? 1 : -1;
  const cmp = (a: Token, b: Token) => sign * (a.created - b.created || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  let list = [...metas].sort(cmp);
  const token = q.get('next_token');
  if (token) {
    const after = decodeToken(token);
    list = list.filter((m) => cmp(m, after) > 0);
  }
  const out: IndexMeta[] = [];
  let weight = 0;
  for (const m of list) {
    if (out.length > 0 && weight + weigh(m) > size) break;
    out.push(m);
    weight += weigh(m);
  }
  const last = out[out.length - 1];
  return { metas: out, next: out.length < list.length && last ? encodeToken(last) : null };
}

function metasOf(node: ClusterNode, req: Request, expr?: string): IndexMeta[] {
  return node.resolve(expr, resolveOptionsOf(req.query, { expandWildcards: 'open,closed' }));
}

/** `_list/indices` (pages of `size` indices, default 500) and `_list/shards` (pages of about `size` shards, default 2000). */
export function registerListRoutes(router: Router, node: ClusterNode): void {
  router.add('GET', '/_list', () => ({ status: 200, text: `=^.^=\n${ENDPOINTS.join('\n')}\n` }));
  const indices = (req: Request, expr?: string) => {
    const p = page(metasOf(node, req, expr), req.query, 500, () => 1);
    return listReply({ columns: INDICES_COLUMNS, rows: indicesRows(node, p.metas, req.query), q: req.query, key: 'indices', nextToken: p.next });
  };
  // A page of shards holds whole indices: an index's shards never straddle two pages.
  const shards = (req: Request, expr?: string) => {
    const p = page(metasOf(node, req, expr), req.query, 2000, (m) => m.shards.length * (1 + replicaCount(m)));
    return listReply({ columns: SHARDS_COLUMNS, rows: shardsRows(node, p.metas), q: req.query, key: 'shards', nextToken: p.next });
  };
  router.add('GET', '/_list/indices', (req) => indices(req));
  router.add('GET', '/_list/indices/{index}', (req, p) => indices(req, p.index));
  router.add('GET', '/_list/shards', (req) => shards(req));
  router.add('GET', '/_list/shards/{index}', (req, p) => shards(req, p.index));
}
