import { useMemo, useState } from 'preact/hooks';
import { formatNumber } from '../api/flows';
import { nextSort, viewRows, type Row, type TableView } from '../state/table';

export interface Column<T extends Row> {
  key: string;
  label: string;
  numeric?: boolean;
  render?: (row: T) => preact.ComponentChildren;
}

/** A real <table>: sortable headers (buttons), a filter per column, paged. */
export function DataTable<T extends Row>(props: { rows: readonly T[]; columns: Column<T>[]; rowKey: (r: T) => string; caption: string; pageSize?: number; initialSort?: string; testId?: string }) {
  const [view, setView] = useState<TableView>({ sortKey: props.initialSort ?? props.columns[0].key, sortDir: 'asc', filters: {}, page: 0, pageSize: props.pageSize ?? 50 });
  const page = useMemo(() => viewRows(props.rows, view), [props.rows, view]);
  const sortState = (key: string) => (view.sortKey === key ? (view.sortDir === 'asc' ? 'ascending' : 'descending') : 'none');
  return (
    <div class="scroll" data-testid={props.testId}>
      <table class="data">
        <caption>
          {props.caption} · {formatNumber(page.total)} shown of {formatNumber(props.rows.length)}
        </caption>
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th key={c.key} scope="col" aria-sort={sortState(c.key)} class={c.numeric ? 'num' : undefined}>
                <button type="button" class="sort" onClick={() => setView({ ...view, ...nextSort(view, c.key, Boolean(c.numeric)) })}>
                  {c.label} {view.sortKey === c.key ? (view.sortDir === 'asc' ? '▲' : '▼') : ''}
                </button>
              </th>
            ))}
          </tr>
          <tr class="filter-row">
            {props.columns.map((c) => (
              <td key={c.key}>
                <input
                  type="search"
                  aria-label={`Filter ${c.label}`}
                  placeholder={c.numeric ? '>0' : 'filter'}
                  value={view.filters[c.key] ?? ''}
                  onInput={(e) => setView({ ...view, page: 0, filters: { ...view.filters, [c.key]: e.currentTarget.value } })}
                />
              </td>
            ))}
          </tr>
        </thead>
        <tbody>
          {page.rows.map((r) => (
            <tr key={props.rowKey(r)}>
              {props.columns.map((c) => (
                <td key={c.key} class={c.numeric ? 'num' : undefined}>
                  {c.render ? c.render(r) : typeof r[c.key] === 'number' ? formatNumber(r[c.key]) : String(r[c.key] ?? '–')}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <nav class="pager" aria-label={`${props.caption} pages`}>
        <button type="button" disabled={page.page === 0} onClick={() => setView({ ...view, page: page.page - 1 })}>Previous</button>
        <span data-testid="page-of">page {page.page + 1} of {page.pages}</span>
        <button type="button" disabled={page.page >= page.pages - 1} onClick={() => setView({ ...view, page: page.page + 1 })}>Next</button>
      </nav>
    </div>
  );
}
