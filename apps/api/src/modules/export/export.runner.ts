import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { RecordBatch } from 'apache-arrow';
import { stringify } from 'csv-stringify';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { DataSource } from 'typeorm';
import { CSV_FORMULA_NOTE, csvSafeText, XLSX_FORMULA_NOTE, EXPORT_EXTENSIONS, type ExportColumn, type ExportFormat, type ExportProvenance, type MetricResponse } from '@credpulse/contracts';
import type { DataMeta } from '../../core/meta.service.js';
import { metricTable } from './datasets/metric.datasets.js';
import type { RecordDatasetDef } from './datasets/record.datasets.js';
import { SqlParams, type ExportFilters } from './queries/export-filters.js';
import { CopyBinaryDecoder, exportSchema, PG_CAST } from './writers/copy-binary.decoder.js';
import { writeArrowStream, writeParquetStream } from './writers/format.writers.js';
import { writeWorkbook, xlsxCell, type XlsxCell } from './writers/xlsx.writer.js';
import { metricWorkbook, provenanceLines } from './workbook.js';

/** An export whose provenance (row count included) is known and whose body is ready to stream. */
export interface PreparedExport {
  provenance: ExportProvenance;
  /** Streams the file body to `out` (not ended); resolves with the rows written. */
  writeTo(out: Writable): Promise<number>;
  /** Releases the database connection when the body will not be written. */
  cancel(): Promise<void>;
}

export interface ExportRequest {
  format: ExportFormat;
  filters: ExportFilters;
  meta: DataMeta;
  k: number;
  /** Who asked, for the audit log of record-level exports. */
  actor: { name: string; role: string };
  /** 'meta': only the provenance is wanted (audited as such, no rows sent). */
  purpose?: 'export' | 'meta';
  batchRows?: number;
  /**
   * Read the rows into a temporary file first and release the connection before sending (the
   * embedded database, whose one connection every request shares).
   */
  spool?: boolean;
}

/** The provenance metadata as flat string pairs (Arrow schema metadata, Parquet key-value metadata). */
export function provenanceMetadata(p: ExportProvenance): Map<string, string> {
  return new Map([
    ['credpulse.provenance', JSON.stringify(p)],
    ['credpulse.dataset', p.dataset],
    ['credpulse.filters', JSON.stringify(p.filters)],
    ['credpulse.methodVersion', p.methodVersion],
    ['credpulse.taxonomyVersions', JSON.stringify(p.taxonomyVersions)],
    ['credpulse.k', String(p.k)],
    ['credpulse.suppressed', String(p.suppressed)],
    ['credpulse.generatedAt', p.generatedAt],
    ['credpulse.dataAsOf', p.dataAsOf ?? ''],
    ['credpulse.demo', String(p.demo)],
    ['credpulse.rowCount', String(p.rowCount)],
    ['credpulse.dataDictionary', JSON.stringify(p.columns)],
  ]);
}

/** credpulse_<dataset>[_<filter>-<value>...]_<yyyy-mm-dd>.<ext>, safe in any file system. */
export function exportFileName(dataset: string, filters: Record<string, string>, format: ExportFormat, at: Date): string {
  const parts = Object.entries(filters).map(([k, v]) => `${k}-${v}`);
  const stem = ['credpulse', dataset, ...parts, at.toISOString().slice(0, 10)].join('_').replace(/[^A-Za-z0-9._-]+/g, '-');
  return `${stem}.${EXPORT_EXTENSIONS[format]}`;
}

export function buildProvenance(
  dataset: string,
  recordLevel: boolean,
  methodVersion: string,
  columns: readonly ExportColumn[],
  req: Pick<ExportRequest, 'format' | 'filters' | 'meta' | 'k'>,
  rowCount: number,
): ExportProvenance {
  const at = new Date();
  return {
    dataset,
    format: req.format,
    recordLevel,
    filters: req.filters.echo,
    methodVersion,
    taxonomyVersions: req.meta.taxonomyVersions,
    k: req.k,
    suppressed: !recordLevel,
    generatedAt: at.toISOString(),
    dataAsOf: req.meta.dataAsOf,
    demo: req.meta.demo,
    rowCount,
    columns: columns.map(({ name, type, unit, description }) => ({ name, type, unit, description })),
    notes: [req.format === 'xlsx' ? XLSX_FORMULA_NOTE : CSV_FORMULA_NOTE],
    fileName: exportFileName(dataset, req.filters.echo, req.format, at),
  };
}

/**
 * csvSafeText in SQL, for COPY ... (FORMAT csv): a text value starting with = + - @, tab or CR gets a
 * leading single quote. left(x, 1) and a constant list cost little per cell (the COPY stays the
 * fast path); NULL stays NULL (an empty field).
 */
export function csvGuardSql(expr: string): string {
  return `CASE WHEN left(${expr}, 1) IN ('=', '+', '-', '@', E'\\t', E'\\r') THEN '''' || ${expr} ELSE ${expr} END`;
}

/** The SQL of a record dataset for the given filters: the rows, and their count. */
export function recordSql(def: RecordDatasetDef, filters: ExportFilters, format: ExportFormat): { select: string; count: string; params: SqlParams } {
  const params = new SqlParams();
  const where = def.where(filters, params);
  const whereSql = where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '';
  // CSV: booleans as true/false (COPY writes t/f), text through the formula guard, everything else
  // in PostgreSQL's text form
  const cols = def.columns.map((c) =>
    format === 'csv' && c.type === 'utf8' ? `${csvGuardSql(`(${c.sql})::text`)} AS "${c.name}"` : `(${c.sql})::${format === 'csv' && c.type === 'bool' ? 'text' : PG_CAST[c.type]} AS "${c.name}"`,
  );
  return { select: `SELECT ${cols.join(', ')} FROM ${def.from}${whereSql}`, count: `SELECT count(*)::int8 AS n FROM ${def.from}${whereSql}`, params };
}

/**
 * Prepares a record-level export on a dedicated connection: one REPEATABLE READ snapshot serves the
 * row count and the rows, so the count in the provenance is exactly the rows in the file. The body
 * is a COPY ... TO STDOUT: binary decoded into Arrow batches (Arrow, Parquet) or CSV passed through.
 */
export async function prepareRecordExport(ds: DataSource, def: RecordDatasetDef, req: ExportRequest): Promise<PreparedExport> {
  const { select, count, params } = recordSql(def, req.filters, req.format);
  const pool = (ds.driver as unknown as { master: pg.Pool }).master;
  const client = await pool.connect();
  let released = false;
  const release = (err?: Error) => {
    if (released) return;
    released = true;
    client.release(err ?? undefined);
  };
  let auditId: string;
  let provenance: ExportProvenance;
  try {
    const [audit] = (
      await client.query<{ id: string }>(`INSERT INTO audit_log(actor, role, action, dataset, filters, detail) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, [
        req.actor.name,
        req.actor.role,
        req.purpose === 'meta' ? 'export.records.meta' : 'export.records',
        def.name,
        JSON.stringify(req.filters.echo),
        `format ${req.format}; started`,
      ])
    ).rows;
    auditId = audit.id;
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    // The export is bounded by the response stall limit (a reader that stops reading is cut), not
    // by the server's statement_timeout: a big export legitimately streams for minutes.
    if (!req.spool) await client.query('SET LOCAL statement_timeout = 0');
    await client.query(`SET LOCAL datestyle = 'ISO, YMD'`);
    const set = params.setStatement();
    if (set) await client.query(set.sql, set.params);
    const [{ n }] = (await client.query<{ n: string }>(count)).rows;
    provenance = buildProvenance(def.name, true, def.methodVersion, def.columns, req, Number(n));
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    release();
    throw e;
  }
  // 32k-row batches keep memory low; Parquet row groups hold 64k rows (two batches)
  const batchRows = req.batchRows ?? 32_768;
  const finishAudit = (rows: number | null, outcome: string) =>
    ds.query(`UPDATE audit_log SET rows = $2, detail = $3 WHERE id = $1`, [auditId, rows, `format ${req.format}; ${outcome}`]).catch(() => undefined);

  return {
    provenance,
    cancel: async () => {
      if (released) return;
      await client.query('ROLLBACK').catch(() => undefined);
      release();
      await finishAudit(null, req.purpose === 'meta' ? 'provenance only' : 'cancelled before any row was sent');
    },
    writeTo: async (out) => {
      let rows = 0;
      let spoolDir: string | undefined;
      const copySql = req.format === 'csv' ? `COPY (${select}) TO STDOUT (FORMAT csv, HEADER)` : `COPY (${select}) TO STDOUT (FORMAT binary)`;
      try {
        let source: Readable;
        if (req.spool) {
          // Embedded database (one connection for everyone): the rows go to a temporary file as
          // fast as the engine gives them, the connection is handed back, and the client is served
          // from the file, so a slow or stalled reader never holds the database.
          spoolDir = await mkdtemp(join(tmpdir(), 'credpulse-export-'));
          const file = join(spoolDir, 'rows');
          await pipeline(client.query(copyTo(copySql)), createWriteStream(file));
          await client.query('COMMIT');
          release();
          source = createReadStream(file, { highWaterMark: 256 * 1024 });
        } else source = client.query(copyTo(copySql));
        if (req.format === 'csv') {
          await pipeline(source, out, { end: false });
          rows = provenance.rowCount;
        } else {
          const schema = exportSchema(def.columns, provenanceMetadata(provenance));
          const decoder = new CopyBinaryDecoder(schema, def.columns, batchRows);
          const batches = decodeBatches(source, decoder);
          rows =
            req.format === 'xlsx'
              ? await writeRecordWorkbook(def, provenance, batches, out)
              : req.format === 'arrow'
              ? await writeArrowStream(schema, batches, out)
              : await writeParquetStream(schema, batches, out, provenanceMetadata(provenance), 65_536, def.columns.filter((c) => c.repeats).map((c) => c.name));
          if (decoder.total !== provenance.rowCount) throw new Error(`export read ${decoder.total} rows but counted ${provenance.rowCount}`);
        }
        if (!released) {
          await client.query('COMMIT');
          release();
        }
        await finishAudit(rows, 'completed');
        return rows;
      } catch (e) {
        // an interrupted COPY leaves the connection mid-protocol: drop it (the server rolls the
        // read-only transaction back) rather than reuse it
        release(e instanceof Error ? e : new Error(String(e)));
        // the reader went away or stopped reading (the stall limit cut it): audited as aborted
        const gone = out.destroyed || (out as Writable & { aborted?: boolean }).aborted === true;
        await finishAudit(null, gone ? `aborted: ${e instanceof Error ? e.message : String(e)}` : `failed: ${e instanceof Error ? e.message : String(e)}`);
        throw e;
      } finally {
        if (spoolDir) await rm(spoolDir, { recursive: true, force: true }).catch(() => undefined);
      }
    },
  };
}

/** Record rows as one sheet, streamed batch by batch from the COPY, then the provenance sheet. */
async function writeRecordWorkbook(def: RecordDatasetDef, p: ExportProvenance, batches: AsyncIterable<RecordBatch>, out: Writable): Promise<number> {
  const names = def.columns.map((c) => c.name);
  const dates = def.columns.map((c) => c.type === 'date');
  async function* rows(): AsyncGenerator<XlsxCell[]> {
    for await (const b of batches) {
      const cols = names.map((_, j) => b.getChildAt(j));
      for (let i = 0; i < b.numRows; i++) {
        // dates as ISO text (YYYY-MM-DD): unambiguous in every locale's spreadsheet
        yield cols.map((c, j) => {
          const v = c?.get(i) as unknown;
          if (dates[j] && v !== null && v !== undefined) return new Date(v as number | Date).toISOString().slice(0, 10);
          return xlsxCell(v);
        });
      }
    }
  }
  const [n] = await writeWorkbook(out, [{ name: def.name, columns: names, rows: rows() }], () => [
    ...provenanceLines({
      title: `Credential Pulse record-level export: ${def.name}`,
      generatedAt: p.generatedAt,
      dataAsOf: p.dataAsOf,
      demo: p.demo,
      k: p.k,
      filters: p.filters,
      methodVersions: { [def.name]: p.methodVersion },
      taxonomyVersions: p.taxonomyVersions,
      notes: ['Record-level rows: not aggregated and not suppressed (researcher role; every record-level export is audited).'],
      sheets: [{ sheet: def.name, title: def.name, source: `GET /api/exports/${def.name}`, rows: p.rowCount, methodVersion: p.methodVersion }],
    }).filter(([field]) => field !== 'Suppression'),
    ...p.columns.map((c): [string, string] => [`Column: ${c.name}`, `${c.type}${c.unit ? `, ${c.unit}` : ''}: ${c.description}`]),
  ]);
  return n;
}

async function* decodeBatches(source: AsyncIterable<Buffer> & { destroy?: (e?: Error) => void }, decoder: CopyBinaryDecoder): AsyncGenerator<RecordBatch> {
  let ok = false;
  try {
    for await (const chunk of source) yield* decoder.push(chunk);
    const last = decoder.finish();
    if (last) yield last;
    ok = true;
  } finally {
    if (!ok) source.destroy?.();
  }
}

/**
 * Prepares the export of a metric view: the rows of the metric response, flattened, with the
 * response's own method version, taxonomy versions and k. Metric responses are bounded (grouped,
 * limited), so they are held in memory.
 */
export function prepareMetricExport(dataset: string, metric: string, response: MetricResponse<object, object>, req: Pick<ExportRequest, 'format' | 'filters' | 'meta' | 'k'>): PreparedExport {
  const { columns, batches, records } = metricTable(metric, response.rows);
  const filters = Object.fromEntries(Object.entries(response.query).filter(([, v]) => v !== undefined && v !== null).map(([key, v]) => [key, String(v)]));
  const provenance: ExportProvenance = {
    ...buildProvenance(dataset, false, response.methodVersion, columns, { ...req, filters: { echo: filters } }, records.length),
    taxonomyVersions: response.taxonomyVersions,
    k: response.k,
    dataAsOf: response.dataAsOf,
    demo: response.demo,
    suppressedCells: response.suppressedCells,
    truncated: response.truncated,
    notes: [...(response.notes ?? []), req.format === 'xlsx' ? XLSX_FORMULA_NOTE : CSV_FORMULA_NOTE],
  };
  return {
    provenance,
    cancel: async () => undefined,
    writeTo: async (out) => {
      if (req.format === 'xlsx') {
        const wb = metricWorkbook(`Credential Pulse: ${metric}`, dataset, filters, [{ sheet: metric, title: `GET /api/metrics/${metric}`, metric, query: filters, response }]);
        const [n] = await writeWorkbook(out, wb.sheets, () => [
          ...provenanceLines(wb.provenance),
          ...columns.map((c): [string, string] => [`Column: ${c.name}`, `${c.type}: ${c.description}`]),
        ]);
        return n;
      }
      if (req.format === 'csv') {
        const csv = stringify({ header: true, columns: columns.map((c) => c.name), cast: { boolean: (b) => (b ? 'true' : 'false') } });
        const done = pipeline(csv, out, { end: false });
        // text through the formula guard; numbers and booleans are written as they are
        for (const r of records) csv.write(columns.map((c) => { const v = r.get(c.name) ?? null; return typeof v === 'string' ? csvSafeText(v) : v; }));
        csv.end();
        await done;
        return records.length;
      }
      const schema = exportSchema(columns, provenanceMetadata(provenance));
      async function* withSchema(): AsyncGenerator<RecordBatch> {
        for (const b of batches) yield new RecordBatch(schema, b.data);
      }
      return req.format === 'arrow' ? writeArrowStream(schema, withSchema(), out) : writeParquetStream(schema, withSchema(), out, provenanceMetadata(provenance), 65_536, columns.filter((c) => c.type === 'utf8').map((c) => c.name));
    },
  };
}
