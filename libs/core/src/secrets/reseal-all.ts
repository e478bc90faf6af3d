import type { StoreExecutor } from '../store/store';
import { SEALED_PATTERN, secretContext, type SecretBox } from './secret-box';

interface ColumnInfo {
  name: string;
  pk: number;
}

async function tables(tx: StoreExecutor): Promise<string[]> {
  const rows = await tx.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
  return rows.map((r) => r.name);
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function resealColumn(tx: StoreExecutor, box: SecretBox, table: string, column: string, keys: string[]): Promise<number> {
  const rows = await tx.all<Record<string, unknown>>(
    `SELECT ${keys.map(quote).join(', ')}, ${quote(column)} AS v FROM ${quote(table)} WHERE instr(${quote(column)}, 'fsec:v1:') > 0`,
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
 * Seals again, with the box's current key, every sealed value in every table of a SQLite store: whole
 * cells and values inside text such as JSON. Each is opened for the context of its table, column and
 * primary key ({@link secretContext}), so this needs no list of where plugins keep secrets. Run it in a
 * transaction; it throws (naming the place, never the value) if one does not open.
 */
export async function resealAll(tx: StoreExecutor, box: SecretBox): Promise<number> {
  let count = 0;
  for (const table of await tables(tx)) {
    const columns = await tx.all<ColumnInfo>(`SELECT name, pk FROM pragma_table_info(?)`, [table]);
    const keys = columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
    for (const c of columns) count += await resealColumn(tx, box, table, c.name, keys);
  }
  return count;
}
