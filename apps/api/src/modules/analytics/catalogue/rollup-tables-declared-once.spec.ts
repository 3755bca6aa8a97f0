import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PUBLIC_DATA_ROLLUPS, ROLLUP_TABLES } from './catalogue.js';

// A rollup is written once: its declaration in the catalogue, and its table in one migration (the
// baseline, or the migration that adds it). A later migration that names the table again (an index,
// a column) is a second place to keep in step with the declaration; it belongs in the declaration
// and the migration that holds the table. Migrations are read as text, as a reviewer reads them.
const root = join(import.meta.dirname, '../../../../../..');
const migrationsDir = join(root, 'migrations');
const migrations = readdirSync(migrationsDir)
  .filter((f) => /^\d{13}-\w+\.ts$/.test(f))
  .map((f) => ({
    file: f,
    text: readFileSync(join(migrationsDir, f), 'utf8'),
  }));
const catalogue = readFileSync(join(import.meta.dirname, 'catalogue.ts'), 'utf8');
const tables = [...ROLLUP_TABLES, ...Object.values(PUBLIC_DATA_ROLLUPS).map((r) => r.table)];

// the table's name as a word: rollup_posting is not rollup_posting_sector, nor an index rollup_posting_idx
const names = (text: string, table: string) => new RegExp(`\\b${table}\\b`).test(text);

describe('each rollup table is written in its declaration and one migration', () => {
  it('finds the migrations and the rollup tables', () => {
    expect(migrations.length).toBeGreaterThan(1);
    expect(tables).toContain('rollup_ipeds_completion');
  });

  it.each(tables)('%s: in the catalogue and in at most one migration', (table) => {
    expect(names(catalogue, table)).toBe(true);
    expect(migrations.filter((m) => names(m.text, table)).map((m) => m.file).length).toBeLessThanOrEqual(1);
  });

  it('the check catches a second migration naming a rollup table', () => {
    const probe = { file: '1799999999999-Probe.ts', text: 'await q.query(`CREATE INDEX x ON rollup_ipeds_completion (area)`);' };
    expect([...migrations, probe].filter((m) => names(m.text, 'rollup_ipeds_completion')).length).toBeGreaterThan(1);
  });
});
