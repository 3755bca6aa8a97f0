import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../../apps/api/src/config/config.js';
import { readMeta } from '../../apps/api/src/core/meta.service.js';
import { connect, openDatabase } from '../../apps/api/src/database/database.js';
import { RECORD_DATASET_DEFS } from '../../apps/api/src/modules/export/datasets/record.datasets.js';
import { prepareRecordExport, recordSql } from '../../apps/api/src/modules/export/export.runner.js';
import { info, peakRssMb, report, type BenchOptions } from './report.js';

// Exports N posting rows from PostgreSQL as Arrow and as Parquet through the real export path
// (count in the same snapshot, COPY binary decoded into Arrow batches, writers), into a sink that
// discards the bytes, and compares with COPY (SELECT ...) TO STDOUT (FORMAT csv) of the same rows
// read and discarded in the same run. The rows live in a scratch schema bench_export_<N> (kept for
// the next run) whose job_posting shadows the real one through search_path.

const SUITE = 'export';

class NullSink extends Writable {
  bytes = 0;
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void): void {
    this.bytes += chunk.length;
    cb();
  }
}

async function ensureRows(ds: DataSource, schema: string, n: number, opts: BenchOptions): Promise<void> {
  await ds.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  await ds.query(`CREATE TABLE IF NOT EXISTS ${schema}.job_posting (LIKE public.job_posting INCLUDING DEFAULTS)`);
  const [{ have }] = await ds.query(`SELECT count(*)::int8 AS have FROM ${schema}.job_posting`);
  if (Number(have) === n) return;
  await ds.query(`TRUNCATE ${schema}.job_posting`);
  info(opts, `generating ${n.toLocaleString('en-US')} synthetic postings in ${schema} (kept for the next run)`);
  const step = 1_000_000;
  for (let start = 1; start <= n; start += step) {
    const end = Math.min(n, start + step - 1);
    await ds.query(
      `INSERT INTO ${schema}.job_posting (id, source_key, employer, title, naics_code, soc_code, county_fips, state_fips, posted_date, expires_date,
         last_seen_date, salary_min, salary_max, salary_unit, salary_annual, degree_level, in_lieu, remote, dedup_group, is_duplicate)
       SELECT g, 'bench:' || g, CASE WHEN g % 11 = 0 THEN NULL ELSE 'Employer ' || (g % 5000) END,
              (ARRAY['Registered Nurse', 'Software Developer', 'Data Analyst', 'Welder', 'Truck Driver', 'Medical Assistant', 'IT Support Specialist', 'Electrician'])[1 + g % 8] || ' ' || (g % 97),
              (ARRAY['5415', '6221', '3336', '4841', '5182', '6211'])[1 + g % 6], (ARRAY['15-1252', '29-1141', '15-2051', '51-4121', '53-3032', '31-9092'])[1 + g % 6],
              lpad(((g % 50) * 1000 + 1 + g % 7)::text, 5, '0'), lpad((g % 50 + 1)::text, 2, '0'),
              DATE '2024-01-01' + (g % 700)::int, DATE '2024-02-01' + (g % 700)::int, CASE WHEN g % 3 = 0 THEN NULL ELSE DATE '2024-01-15' + (g % 700)::int END,
              CASE WHEN g % 4 = 0 THEN NULL ELSE 20 + g % 30 END, CASE WHEN g % 4 = 0 THEN NULL ELSE 30 + g % 40 END, CASE WHEN g % 4 = 0 THEN NULL ELSE 'hour' END,
              CASE WHEN g % 4 = 0 THEN NULL ELSE (20 + g % 30) * 2080.0 END, (g % 5)::int2, g % 9 = 0, g % 6 = 0, 'd' || (g / 3), g % 3 <> 0
       FROM generate_series(${start}::int8, ${end}::int8) g`,
    );
    info(opts, `  ${end.toLocaleString('en-US')} rows`);
  }
  await ds.query(`ANALYZE ${schema}.job_posting`);
}

export async function exportBench(opts: BenchOptions): Promise<void> {
  const n = opts.rows ?? 10_000_000;
  const config = loadConfig();
  const handle = await openDatabase(config);
  const ds = await connect(handle);
  const schema = `bench_export_${n}`;
  try {
    info(opts, `database: ${handle.mode}${handle.mode === 'embedded' ? ' (PGlite; set DATABASE_URL for PostgreSQL figures)' : ''}; rows: ${n.toLocaleString('en-US')}`);
    await ensureRows(ds, schema, n, opts);
    const pool = (ds.driver as unknown as { master: pg.Pool }).master;
    // every connection (already open or new) sees the scratch table under the name job_posting
    pool.on('connect', (c) => void c.query(`SET search_path = ${schema}, public`));
    await ds.query(`SET search_path = ${schema}, public`);
    const def = RECORD_DATASET_DEFS.postings;
    const meta = await readMeta(ds);
    const filters = { echo: {} };

    const csvPass = async () => {
      const client = await pool.connect();
      try {
        await client.query(`SET search_path = ${schema}, public`);
        const sink = new NullSink();
        const t0 = performance.now();
        await pipeline(client.query(copyTo(`COPY (${recordSql(def, filters, 'csv').select}) TO STDOUT (FORMAT csv)`)), sink);
        return { seconds: (performance.now() - t0) / 1000, bytes: sink.bytes };
      } finally {
        client.release();
      }
    };
    const exportPass = async (format: 'arrow' | 'parquet') => {
      const sink = new NullSink();
      const t0 = performance.now();
      const prepared = await prepareRecordExport(ds, def, { format, filters, meta, k: config.k, actor: { name: 'bench', role: 'bench' } });
      const rows = await prepared.writeTo(sink);
      const seconds = (performance.now() - t0) / 1000;
      if (rows !== n) throw new Error(`${format} export wrote ${rows} rows, expected ${n}`);
      return { seconds, bytes: sink.bytes };
    };

    // Median of 3 interleaved runs each: the machine is shared, single runs are noisy.
    info(opts, `peak RSS after setup: ${peakRssMb().toFixed(0)} MB`);
    await csvPass(); // warm the buffer cache so the first measured pass is not penalised
    const runs: Record<'csv' | 'arrow' | 'parquet', { seconds: number; bytes: number }[]> = { csv: [], arrow: [], parquet: [] };
    for (let i = 0; i < 3; i++) {
      runs.csv.push(await csvPass());
      runs.arrow.push(await exportPass('arrow'));
      info(opts, `peak RSS after arrow run ${i + 1}: ${peakRssMb().toFixed(0)} MB`);
      runs.parquet.push(await exportPass('parquet'));
      info(opts, `peak RSS after parquet run ${i + 1}: ${peakRssMb().toFixed(0)} MB`);
    }
    const median = (xs: { seconds: number; bytes: number }[]) => [...xs].sort((a, b) => a.seconds - b.seconds)[1];
    const csv = median(runs.csv);
    const csvRate = n / csv.seconds;
    report(opts, { suite: SUITE, metric: 'csv COPY baseline', value: csvRate, unit: 'rows/s', note: `median of 3; ${(csv.bytes / 1e6).toFixed(0)} MB in ${csv.seconds.toFixed(2)} s` });
    const rssBefore = peakRssMb();
    for (const format of ['arrow', 'parquet'] as const) {
      const r = median(runs[format]);
      const rate = n / r.seconds;
      report(opts, {
        suite: SUITE,
        metric: `${format} export`,
        value: rate,
        unit: 'rows/s',
        baseline: csvRate,
        ratio: r.seconds / csv.seconds,
        note: `median of 3, ratio = time / csv time; ${(r.bytes / 1e6).toFixed(0)} MB in ${r.seconds.toFixed(2)} s`,
      });
    }
    report(opts, { suite: SUITE, metric: 'peak RSS', value: rssBefore, unit: 'MB', note: 'whole process, all runs' });
    await ds.query(`DELETE FROM audit_log WHERE actor = 'bench'`);
  } finally {
    await ds.destroy();
    await handle.close();
  }
}
