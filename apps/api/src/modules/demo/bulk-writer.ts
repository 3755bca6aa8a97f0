import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DataSource } from 'typeorm';

export type BulkMode = 'copy' | 'unnest';

/** A column and its PostgreSQL type (the unnest array element type). */
export interface Column {
  name: string;
  type: string;
}

export type Cell = string | number | boolean | null;

/**
 * Writes rows the fastest way the database allows: COPY FROM STDIN (text format) on PostgreSQL,
 * INSERT ... SELECT FROM unnest($1::type[], ...) on the embedded PGlite, where COPY FROM STDIN over
 * the socket desynchronises the protocol (see STACK.md).
 */
export class BulkWriter {
  constructor(
    private readonly client: PoolClient,
    readonly mode: BulkMode,
  ) {}

  async write(table: string, columns: readonly Column[], rows: readonly Cell[][]): Promise<void> {
    if (rows.length === 0) return;
    if (this.mode === 'copy') {
      const text = rows.map((r) => r.map(copyText).join('\t')).join('\n') + '\n';
      const sink = this.client.query(copyFrom(`COPY ${table} (${columns.map((c) => c.name).join(', ')}) FROM STDIN`));
      await pipeline(Readable.from([text]), sink);
      return;
    }
    const arrays = columns.map((_, j) => rows.map((r) => r[j]));
    const params = columns.map((c, j) => `$${j + 1}::${c.type}[]`).join(', ');
    await this.client.query(`INSERT INTO ${table} (${columns.map((c) => c.name).join(', ')}) SELECT * FROM unnest(${params})`, arrays);
  }
}

// COPY text format: \N is NULL; backslash, tab, newline and carriage return are escaped.
function copyText(v: Cell): string {
  if (v === null) return '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number') return String(v);
  return v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** COPY on real PostgreSQL; unnest batches on PGlite (detected from version()). */
export async function detectBulkMode(ds: DataSource): Promise<BulkMode> {
  const [{ version }] = await ds.query('SELECT version() AS version');
  return /pglite/i.test(version) ? 'unnest' : 'copy';
}

export const cols = (spec: string): Column[] =>
  spec.split(',').map((c) => {
    const [name, type] = c.trim().split(/\s+/);
    return { name, type };
  });
