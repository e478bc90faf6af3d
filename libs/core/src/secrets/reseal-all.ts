import type { StoreDialect, StoreExecutor } from '../store/store';
import { SEALED_PATTERN, secretContext, type SecretBox } from './secret-box';

interface ColumnInfo {
  name: string;
  /** Position in the primary key from 1; 0 when not in it. */
  pk: number;
}

/** How each engine lists its tables, a table's columns, and finds a substring. */
const CATALOG: Record<StoreDialect, { tables: string; columns: string; contains: (column: string) => string }> = {
  sqlite: {
    tables: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    columns: 'SELECT name, pk FROM pragma_table_info(?)',
    contains: (column) => `instr(${column}, 'fsec:v1:') > 0`,
  },
  postgres: {
    tables: "SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1",
    // Only text columns can hold a sealed value (and strpos refuses the others).
    columns: `SELECT c.column_name::text AS name, COALESCE(k.ordinal_position, 0)::int AS pk, c.data_type::text AS type
      FROM information_schema.columns c
      LEFT JOIN information_schema.table_constraints t
        ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.constraint_type = 'PRIMARY KEY'
      LEFT JOIN information_schema.key_column_usage k
        ON k.constraint_schema = t.constraint_schema AND k.constraint_name = t.constraint_name AND k.column_name = c.column_name
      WHERE c.table_schema = current_schema() AND c.table_name = ? ORDER BY c.ordinal_position`,
    contains: (column) => `strpos(${column}, 'fsec:v1:') > 0`,
  },
};

async function tables(tx: StoreExecutor, dialect: StoreDialect): Promise<string[]> {
  const rows = await tx.all<{ name: string }>(CATALOG[dialect].tables);
  return rows.map((r) => r.name);
}

function holdsText(c: ColumnInfo & { type?: string }): boolean {
  return c.type === undefined || /^(text|character varying|character)$/.test(c.type);
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

interface Place {
  dialect: StoreDialect;
  table: string;
  column: string;
  keys: string[];
}

async function resealColumn(tx: StoreExecutor, box: SecretBox, { dialect, table, column, keys }: Place): Promise<number> {
  const rows = await tx.all<Record<string, unknown>>(
    `SELECT ${keys.map(quote).join(', ')}, ${quote(column)} AS v FROM ${quote(table)} WHERE ${CATALOG[dialect].contains(quote(column))}`,
  );
  if (rows.length > 0 && keys.length === 0) throw new Error(`table ${table} holds sealed values but has no primary key to name them`);
  let count = 0;
  for (const row of rows) {
    if (typeof row.v !== 'string') continue;
    const ids = keys.map((k) => String(row[k]));
    const context = secretContext(table, column, ids);
    const value = row.v.replace(SEALED_PATTERN, (sealed) => {
      count++;
      return box.reseal(sealed, context);
    });
    const where = keys.map((k) => `${quote(k)} = ?`).join(' AND ');
    await tx.run(`UPDATE ${quote(table)} SET ${quote(column)} = ? WHERE ${where}`, [value, ...keys.map((k) => row[k])]);
  }
  return count;
}

/**
 * Seals again, with the box's current key, every sealed value in every table of the store: whole
 * cells and values inside text such as JSON. Each is opened for the context of its table, column and
 * primary key ({@link secretContext}), so this needs no list of where plugins keep secrets. Run it in a
 * transaction; it throws (naming the place, never the value) if one does not open.
 */
export async function resealAll(tx: StoreExecutor, box: SecretBox, dialect: StoreDialect): Promise<number> {
  let count = 0;
  for (const table of await tables(tx, dialect)) {
    const columns = await tx.all<ColumnInfo & { type?: string }>(CATALOG[dialect].columns, [table]);
    const keys = columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
    for (const c of columns.filter(holdsText)) count += await resealColumn(tx, box, { dialect, table, column: c.name, keys });
  }
  return count;
}
