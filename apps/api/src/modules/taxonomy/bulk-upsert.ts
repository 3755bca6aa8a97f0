import type { QueryRunner } from 'typeorm';

/** A column of a bulk upsert: its name in the table and in the JSON rows, and its SQL type. */
export interface BulkColumn {
  name: string;
  type: string;
}

export interface BulkTarget {
  table: string;
  columns: BulkColumn[];
  /** The primary-key columns (the ON CONFLICT target). */
  key: string[];
}

// Rows travel as one JSON parameter per batch, unpacked by json_to_recordset: one round trip per
// few thousand rows, which matters on the embedded database (one socket, no COPY FROM STDIN).
const BATCH = 4000;

/**
 * Inserts or updates rows by key. A row whose values are all unchanged is not written, so loading the
 * same file twice changes nothing. Returns the number of rows inserted or changed.
 */
export async function bulkUpsert(qr: QueryRunner, target: BulkTarget, rows: readonly Record<string, unknown>[]): Promise<number> {
  const cols = target.columns.map((c) => c.name);
  const recordset = target.columns.map((c) => `${c.name} ${c.type}`).join(', ');
  const nonKey = cols.filter((c) => !target.key.includes(c));
  const update = nonKey.length
    ? `DO UPDATE SET ${nonKey.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}
       WHERE (${nonKey.map((c) => `${target.table}.${c}`).join(', ')}) IS DISTINCT FROM (${nonKey.map((c) => `EXCLUDED.${c}`).join(', ')})`
    : 'DO NOTHING';
  const sql = `INSERT INTO ${target.table} (${cols.join(', ')})
    SELECT ${cols.join(', ')} FROM json_to_recordset($1::json) AS r(${recordset})
    ON CONFLICT (${target.key.join(', ')}) ${update}`;
  let changed = 0;
  for (let i = 0; i < rows.length; i += BATCH) {
    const res = await qr.query(sql, [JSON.stringify(rows.slice(i, i + BATCH))], true);
    changed += res.affected ?? 0;
  }
  return changed;
}

/**
 * Deletes the rows of `table` (within `scope`, an SQL condition) whose key is not among `keys`.
 * Used after an upsert so codes dropped from a newer file disappear; a code still referenced by
 * loaded postings or awards makes the foreign key refuse, and the error names the table.
 */
export async function deleteStale(qr: QueryRunner, target: BulkTarget, rows: readonly Record<string, unknown>[], scope = 'true'): Promise<number> {
  const arrays = target.key.map((k) => rows.map((r) => String(r[k])));
  const params = target.key.map((_, i) => `$${i + 1}::text[]`).join(', ');
  const keyTuple = target.key.map((k) => `${k}::text`).join(', ');
  try {
    const res = await qr.query(`DELETE FROM ${target.table} WHERE ${scope} AND (${keyTuple}) NOT IN (SELECT * FROM unnest(${params}))`, arrays, true);
    return res.affected ?? 0;
  } catch (e) {
    throw new Error(`Cannot remove codes that are no longer in the ${target.table} file: ${(e as Error).message}`);
  }
}
