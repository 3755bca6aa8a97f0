import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';
import type { PoolClient } from 'pg';
import Cursor from 'pg-cursor';
import type { DataSource, DataSourceOptions } from 'typeorm';
import { Baseline1765000700000, PRE_RELEASE_MIGRATIONS } from '../../../../../migrations/1765000700000-Baseline.js';
import { allMigrations } from '../../../../../migrations/index.js';
import { CATALOGUE } from '../analytics/catalogue/catalogue.js';
import { initializeDataSource } from '../../database/database.js';

// A logical backup of the application schema: JSON lines, one header, then per table a line naming
// its columns and types, one JSON array per row (every value in PostgreSQL's text form, so numeric,
// dates, arrays and jsonb round-trip exactly), and a line with its row count; a last line marks the
// file complete. It is portable: made from the embedded database (PGlite) it restores into
// PostgreSQL and back. The schema itself is not in the file: restore runs the same migrations up to
// the backup's, loads the rows, then runs any newer migrations of this version.

export const BACKUP_FORMAT = 'credpulse-backup';
export const BACKUP_VERSION = 1;
const MIGRATIONS_TABLE = 'migrations';
const BATCH_ROWS = 2000;
const BATCH_BYTES = 4 << 20;

interface Header {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  source: 'embedded' | 'postgres';
  /** Applied migrations, in order (TypeORM names). */
  migrations: string[];
  sequences: { name: string; lastValue: string | null }[];
}
interface TableLine {
  table: string;
  columns: { name: string; type: string }[];
}
interface EndLine {
  end: string;
  rows: number;
}
interface DoneLine {
  complete: true;
  tables: number;
  rows: number;
}

export interface BackupSummary {
  tables: number;
  rows: number;
  migrations: number;
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Tables of the application schema (not the migration bookkeeping), children after parents. */
async function appTables(c: PoolClient): Promise<string[]> {
  const { rows } = await c.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname <> $1 ORDER BY 1`,
    [MIGRATIONS_TABLE],
  );
  const { rows: fks } = await c.query<{ child: string; parent: string }>(
    `SELECT ch.relname AS child, pa.relname AS parent FROM pg_constraint k
     JOIN pg_class ch ON ch.oid = k.conrelid JOIN pg_class pa ON pa.oid = k.confrelid
     JOIN pg_namespace n ON n.oid = ch.relnamespace
     WHERE k.contype = 'f' AND n.nspname = 'public' AND ch.relname <> pa.relname`,
  );
  // topological order (parents first); cycles, if any, fall back to name order
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (t: string, path: Set<string>) => {
    if (seen.has(t) || path.has(t)) return;
    path.add(t);
    for (const fk of fks) if (fk.child === t) visit(fk.parent, path);
    seen.add(t);
    order.push(t);
  };
  for (const { name } of rows) visit(name, new Set());
  return order.filter((t) => rows.some((r) => r.name === t));
}

async function tableColumns(c: PoolClient, table: string): Promise<{ name: string; type: string }[]> {
  // generated columns are computed again on restore
  const { rows } = await c.query<{ name: string; type: string }>(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type FROM pg_attribute a
     WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '' ORDER BY a.attnum`,
    [`public.${ident(table)}`],
  );
  return rows;
}

function write(out: Writable, line: string): Promise<void> | undefined {
  if (out.write(line)) return undefined;
  return new Promise((resolve) => out.once('drain', resolve));
}

/**
 * Writes a consistent backup (one REPEATABLE READ snapshot) of every application table to out.
 * On the embedded database the one connection is held for the whole dump, so other requests wait.
 */
export async function writeBackup(ds: DataSource, mode: 'embedded' | 'postgres', out: Writable, log: (m: string) => void): Promise<BackupSummary> {
  const qr = ds.createQueryRunner();
  const c = (await qr.connect()) as PoolClient;
  let tables = 0;
  let total = 0;
  try {
    await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await c.query('SET LOCAL statement_timeout = 0');
    const migrations = (await c.query<{ name: string }>(`SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY id`)).rows.map((r) => r.name);
    const sequences = (
      await c.query<{ name: string; last_value: string | null }>(`SELECT sequencename AS name, last_value::text FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1`)
    ).rows.map((r) => ({ name: r.name, lastValue: r.last_value }));
    const header: Header = { format: BACKUP_FORMAT, version: BACKUP_VERSION, createdAt: new Date().toISOString(), source: mode, migrations, sequences };
    await write(out, JSON.stringify(header) + '\n');
    for (const table of await appTables(c)) {
      const columns = await tableColumns(c, table);
      await write(out, JSON.stringify({ table, columns } satisfies TableLine) + '\n');
      const select = columns.length ? columns.map((col) => `${ident(col.name)}::text`).join(', ') : 'NULL';
      const cursor = c.query(new Cursor(`SELECT ${select} FROM public.${ident(table)}`, [], { rowMode: 'array' }));
      let rows = 0;
      for (;;) {
        const batch: unknown[][] = await cursor.read(5000);
        if (batch.length === 0) break;
        let text = '';
        for (const r of batch) text += JSON.stringify(columns.length ? r : []) + '\n';
        rows += batch.length;
        await write(out, text);
      }
      await cursor.close();
      await write(out, JSON.stringify({ end: table, rows } satisfies EndLine) + '\n');
      if (rows > 0) log(`  ${table.padEnd(34)} ${rows.toLocaleString('en-US')}`);
      tables++;
      total += rows;
    }
    await write(out, JSON.stringify({ complete: true, tables, rows: total } satisfies DoneLine) + '\n');
    await c.query('COMMIT');
    return { tables, rows: total, migrations: migrations.length };
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    await qr.release();
  }
}

/** The backup's header, read without loading the rest (restore checks it before touching the database). */
export async function readBackupHeader(file: string): Promise<Header> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) {
    lines.close();
    let h: Partial<Header>;
    try {
      h = JSON.parse(line);
    } catch {
      h = {};
    }
    if (h.format !== BACKUP_FORMAT) throw new Error(`${file}: not a Credential Pulse backup (line 1 is not its header)`);
    if (h.version !== BACKUP_VERSION) throw new Error(`${file}: backup format version ${h.version}; this version reads ${BACKUP_VERSION}`);
    return h as Header;
  }
  throw new Error(`${file}: the file is empty`);
}

/** Whether the database already holds application tables (restore then needs --replace). */
export async function hasAppSchema(ds: DataSource): Promise<boolean> {
  const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`);
  return n > 0;
}

/**
 * Restores a backup into the database of ds: migrations up to the backup's, every table's rows in
 * one transaction (foreign keys checked again at the end), sequences, then this version's newer
 * migrations. With replace, the application schema is dropped first.
 */
export async function restoreBackup(
  options: DataSourceOptions,
  file: string,
  opts: { replace: boolean; log: (m: string) => void },
): Promise<BackupSummary> {
  const header = await readBackupHeader(file);
  const preRelease = header.migrations.some((m) => PRE_RELEASE_MIGRATIONS.includes(m));
  if (preRelease) header.migrations = baselineOf(file, header.migrations);
  const known = new Set(allMigrations.map((m) => m.name));
  const unknown = header.migrations.filter((m) => !known.has(m));
  if (unknown.length) throw new Error(`${file} was made by a newer version of Credential Pulse (migrations ${unknown.join(', ')} are unknown here); restore it with that version`);
  // One DataSource at a time: the embedded database takes one connection. First the schema as it
  // was when the backup was made, and its rows; then this version's newer migrations.
  const older = await initializeDataSource({ ...options, migrations: allMigrations.filter((m) => header.migrations.includes(m.name)) } as DataSourceOptions);
  let summary: BackupSummary;
  try {
    if (await hasAppSchema(older)) {
      if (!opts.replace) throw new Error('the target database already holds Credential Pulse tables; restore into a new database or data directory, or pass --replace to replace everything in it');
      opts.log('Replacing the existing tables (--replace).');
      await older.query('DROP SCHEMA public CASCADE');
      await older.query('CREATE SCHEMA public');
    }
    await older.runMigrations({ transaction: 'each' });
    summary = await loadRows(older, file, header, opts.log);
    // the baseline keeps the sector histogram's national rows only
    if (preRelease) await older.query(`DELETE FROM ${CATALOGUE.postingHistSector.table} WHERE state_fips <> 'US'`);
  } finally {
    await older.destroy();
  }
  const current = await initializeDataSource(options);
  try {
    const newer = await current.runMigrations({ transaction: 'each' });
    if (newer.length) opts.log(`Applied the newer migrations: ${newer.map((m) => m.name).join(', ')}.`);
    await current.query('ANALYZE');
  } finally {
    await current.destroy();
  }
  return summary;
}

/**
 * A backup made before the pre-release migrations were squashed: at the last of them its schema is
 * the baseline's, so it restores as a baseline backup; stopped earlier, it needs the version that made it.
 */
function baselineOf(file: string, migrations: readonly string[]): string[] {
  const missing = PRE_RELEASE_MIGRATIONS.filter((m) => !migrations.includes(m));
  if (missing.length) {
    throw new Error(`${file} was made by a pre-release version at an earlier migration (it lacks ${missing.join(', ')}); restore it with that version, migrate, and back it up again`);
  }
  return [new Baseline1765000700000().name, ...migrations.filter((m) => !PRE_RELEASE_MIGRATIONS.includes(m))];
}

async function loadRows(ds: DataSource, file: string, header: Header, log: (m: string) => void): Promise<BackupSummary> {
  const qr = ds.createQueryRunner();
  const c = (await qr.connect()) as PoolClient;
  let tables = 0;
  let total = 0;
  try {
    await c.query('BEGIN');
    await c.query('SET LOCAL statement_timeout = 0');
    const existing = await appTables(c);
    // foreign keys come off while tables load in any order, and go back on (checked) at the end
    const { rows: fks } = await c.query<{ tbl: string; name: string; def: string }>(
      `SELECT ch.relname AS tbl, k.conname AS name, pg_get_constraintdef(k.oid) AS def FROM pg_constraint k
       JOIN pg_class ch ON ch.oid = k.conrelid JOIN pg_namespace n ON n.oid = ch.relnamespace
       WHERE k.contype = 'f' AND n.nspname = 'public'`,
    );
    for (const fk of fks) await c.query(`ALTER TABLE public.${ident(fk.tbl)} DROP CONSTRAINT ${ident(fk.name)}`);
    if (existing.length) await c.query(`TRUNCATE ${existing.map((t) => `public.${ident(t)}`).join(', ')}`);
    const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
    let lineNo = 0;
    let current: { table: string; columns: { name: string; type: string }[]; insert: string; identity: boolean } | undefined;
    let pending: unknown[][] = [];
    let pendingBytes = 0;
    let rows = 0;
    let complete = false;
    const flush = async () => {
      if (!current || pending.length === 0) return;
      const cols = current.columns;
      const params = cols.map((_, i) => pending.map((r) => r[i] as string | null));
      await c.query(current.insert, params);
      pending = [];
      pendingBytes = 0;
    };
    for await (const line of lines) {
      lineNo++;
      if (lineNo === 1) continue;
      const where = `${file}:${lineNo}`;
      if (current === undefined) {
        const t = JSON.parse(line) as Partial<TableLine & DoneLine>;
        if (t.complete) {
          complete = true;
          if (t.tables !== tables || t.rows !== total) throw new Error(`${where}: the backup says ${t.tables} tables and ${t.rows} rows, read ${tables} and ${total}`);
          break;
        }
        if (!t.table || !Array.isArray(t.columns)) throw new Error(`${where}: expected a table line`);
        if (!existing.includes(t.table)) throw new Error(`${where}: table ${t.table} does not exist after the backup's migrations`);
        const cols = t.columns;
        const { rows: idRows } = await c.query(`SELECT 1 FROM pg_attribute WHERE attrelid = $1::regclass AND attidentity = 'a' LIMIT 1`, [`public.${ident(t.table)}`]);
        const identity = idRows.length > 0;
        const insert = `INSERT INTO public.${ident(t.table)} (${cols.map((x) => ident(x.name)).join(', ')})${identity ? ' OVERRIDING SYSTEM VALUE' : ''}
          SELECT ${cols.map((x, i) => `u.c${i}::${x.type}`).join(', ')} FROM unnest(${cols.map((_, i) => `$${i + 1}::text[]`).join(', ')}) AS u(${cols.map((_, i) => `c${i}`).join(', ')})`;
        current = { table: t.table, columns: cols, insert, identity };
        rows = 0;
        continue;
      }
      if (line.startsWith('[')) {
        const r = JSON.parse(line) as unknown[];
        if (r.length !== current.columns.length) throw new Error(`${where}: ${r.length} values for ${current.columns.length} columns of ${current.table}`);
        pending.push(r);
        pendingBytes += line.length;
        rows++;
        if (pending.length >= BATCH_ROWS || pendingBytes >= BATCH_BYTES) await flush();
        continue;
      }
      const end = JSON.parse(line) as Partial<EndLine>;
      if (end.end !== current.table) throw new Error(`${where}: expected the end of table ${current.table}`);
      await flush();
      if (end.rows !== rows) throw new Error(`${where}: table ${current.table} should have ${end.rows} rows, the file has ${rows}`);
      if (rows > 0) log(`  ${current.table.padEnd(34)} ${rows.toLocaleString('en-US')}`);
      tables++;
      total += rows;
      current = undefined;
    }
    if (!complete) throw new Error(`${file}: the backup is incomplete (it ends at line ${lineNo} without its last line); nothing was restored`);
    for (const fk of fks) await c.query(`ALTER TABLE public.${ident(fk.tbl)} ADD CONSTRAINT ${ident(fk.name)} ${fk.def}`);
    for (const s of header.sequences) {
      if (s.lastValue === null) await c.query(`ALTER SEQUENCE public.${ident(s.name)} RESTART`);
      else await c.query(`SELECT setval($1::regclass, $2::bigint, true)`, [`public.${ident(s.name)}`, s.lastValue]);
    }
    await c.query('COMMIT');
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    await qr.release();
  }
  return { tables, rows: total, migrations: header.migrations.length };
}
