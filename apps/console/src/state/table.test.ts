import { describe, expect, it } from 'vitest';
import { cellMatcher, filterRows, nextSort, sortRows, viewRows, type TableView } from './table';

const rows = [
  { index: 'logs-10', docs: 500, health: 'green', size: null },
  { index: 'logs-2', docs: 20, health: 'yellow', size: 10 },
  { index: 'metrics', docs: 7000, health: 'green', size: 99 },
  { index: '.kibana', docs: 1, health: 'red', size: 5 },
];

describe('cellMatcher', () => {
  it.each([
    ['>100', 500, true], ['>100', 20, false], ['<=20', 20, true], ['>=7000', 7000, true], ['<5', '3', false],
    ['=green', 'green', true], ['=gree', 'green', false], ['LOGS', 'logs-2', true], ['', null, true],
  ] as const)('%s on %j → %s', (expr, v, want) => expect(cellMatcher(expr)(v)).toBe(want));
});

describe('filter, sort, page', () => {
  it('filters on several columns at once', () => {
    expect(filterRows(rows, { index: 'logs', docs: '>100' }).map((r) => r.index)).toEqual(['logs-10']);
  });

  it('sorts names naturally and numbers numerically, missing values last both ways', () => {
    expect(sortRows(rows, 'index', 'asc').map((r) => r.index)).toEqual(['.kibana', 'logs-2', 'logs-10', 'metrics']);
    expect(sortRows(rows, 'docs', 'desc').map((r) => r.docs)).toEqual([7000, 500, 20, 1]);
    expect(sortRows(rows, 'size', 'asc').map((r) => r.size)).toEqual([5, 10, 99, null]);
    expect(sortRows(rows, 'size', 'desc').map((r) => r.size)).toEqual([99, 10, 5, null]);
  });

  it('pages and clamps the page number', () => {
    const many = Array.from({ length: 5000 }, (_, i) => ({ index: `i-${i}`, docs: i }));
    const v: TableView = { sortKey: 'docs', sortDir: 'desc', filters: {}, page: 0, pageSize: 50 };
    const first = viewRows(many, v);
    expect(first).toMatchObject({ total: 5000, pages: 100, page: 0 });
    expect(first.rows[0].docs).toBe(4999);
    expect(viewRows(many, { ...v, page: 500 }).page).toBe(99);
    expect(viewRows(many, { ...v, filters: { docs: '<10' } })).toMatchObject({ total: 10, pages: 1 });
    expect(viewRows([], v)).toMatchObject({ total: 0, pages: 1, page: 0 });
  });

  it('a header click flips the same column, starts a new one asc (numbers desc), back to page 1', () => {
    const v: TableView = { sortKey: 'index', sortDir: 'asc', filters: {}, page: 3, pageSize: 50 };
    expect(nextSort(v, 'index', false)).toEqual({ sortKey: 'index', sortDir: 'desc', page: 0 });
    expect(nextSort(v, 'docs', true)).toEqual({ sortKey: 'docs', sortDir: 'desc', page: 0 });
    expect(nextSort(v, 'health', false)).toEqual({ sortKey: 'health', sortDir: 'asc', page: 0 });
  });
});
