/** Sorting, per-column filtering and paging of big tables (5,000 indices), as pure functions over rows. */
import { compareText } from '../api/flows';

export type Cell = string | number | boolean | null | undefined;
export type Row = Record<string, Cell>;

export interface TableView {
  sortKey: string;
  sortDir: 'asc' | 'desc';
  /** Column → text (`>1000`, `<5`, `=green`, or a substring). */
  filters: Record<string, string>;
  page: number;
  pageSize: number;
}

const compare = (a: Cell, b: Cell): number => {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return compareText(String(a), String(b));
};

/** One column filter as a predicate: `>N`, `>=N`, `<N`, `<=N`, `=x` (exact), else case-insensitive substring. */
export function cellMatcher(expr: string): (v: Cell) => boolean {
  const e = expr.trim();
  if (!e) return () => true;
  const num = /^(>=|<=|>|<)\s*(-?\d+(?:\.\d+)?)$/.exec(e);
  if (num) {
    const n = Number(num[2]);
    const op = num[1];
    return (v) => typeof v === 'number' && (op === '>' ? v > n : op === '<' ? v < n : op === '>=' ? v >= n : v <= n);
  }
  if (e.startsWith('=')) {
    const want = e.slice(1).toLowerCase();
    return (v) => String(v ?? '').toLowerCase() === want;
  }
  const low = e.toLowerCase();
  return (v) => String(v ?? '').toLowerCase().includes(low);
}

export function filterRows<T extends Row>(rows: readonly T[], filters: Record<string, string>): T[] {
  const active = Object.entries(filters).filter(([, v]) => v.trim());
  if (!active.length) return rows as T[];
  const tests = active.map(([k, v]) => [k, cellMatcher(v)] as const);
  return rows.filter((r) => tests.every(([k, t]) => t(r[k])));
}

export function sortRows<T extends Row>(rows: readonly T[], key: string, dir: 'asc' | 'desc'): T[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const c = compare(a[key], b[key]);
    // Missing values stay last either way.
    if (a[key] === null || a[key] === undefined || b[key] === null || b[key] === undefined) return c;
    return sign * c;
  });
}

export interface TablePage<T> {
  rows: T[];
  total: number;
  pages: number;
  page: number;
}

/** Filter, sort, then slice one page (the page number is clamped to what exists). */
export function viewRows<T extends Row>(rows: readonly T[], v: TableView): TablePage<T> {
  const filtered = sortRows(filterRows(rows, v.filters), v.sortKey, v.sortDir);
  const pages = Math.max(1, Math.ceil(filtered.length / v.pageSize));
  const page = Math.min(Math.max(0, v.page), pages - 1);
  return { rows: filtered.slice(page * v.pageSize, (page + 1) * v.pageSize), total: filtered.length, pages, page };
}

/** Clicking a header: same column flips the direction, a new one starts ascending (numbers descending). */
export function nextSort(v: TableView, key: string, numeric: boolean): Pick<TableView, 'sortKey' | 'sortDir' | 'page'> {
  if (v.sortKey === key) return { sortKey: key, sortDir: v.sortDir === 'asc' ? 'desc' : 'asc', page: 0 };
  return { sortKey: key, sortDir: numeric ? 'desc' : 'asc', page: 0 };
}
