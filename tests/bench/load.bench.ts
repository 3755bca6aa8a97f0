import type { PoolClient } from 'pg';
import { loadConfig } from '../../apps/api/src/config/config.js';
import { connect, openDatabase } from '../../apps/api/src/database/database.js';
import { BulkWriter, detectBulkMode, type Cell, type Column } from '../../apps/api/src/modules/demo/bulk-writer.js';
import { planPostings } from '../../apps/api/src/modules/demo/demo-postings.js';
import { POSTING_COLUMNS, POSTING_CREDENTIAL_COLUMNS, POSTING_SKILL_COLUMNS, postingRows, prepareDemoReference, writePostings } from '../../apps/api/src/modules/demo/demo.loader.js';
import { ensureTaxonomies } from '../../apps/api/src/modules/taxonomy/taxonomy.loader.js';
import { info, peakRssMb, report, type BenchOptions } from './report.js';

// Demo-data generation and load rate against a plain multi-row INSERT of the same rows.
//   ours:     plan + render N synthetic postings and write them with their skill and credential
//             mentions the way `credpulse demo-data` does (COPY FROM STDIN on PostgreSQL, unnest
//             batches on PGlite) into copies of the tables WITH their indexes; timed end to end.
//   baseline: the same rows (rendered beforehand, not timed) inserted with plain INSERT ... VALUES,
//             1,000 rows per statement, into bare copies of the tables (no indexes); only the
//             INSERT statements are timed. A third figure writes the same pre-rendered rows with our
//             writer into bare tables too, isolating the write method from indexes and rendering.
// Both run in a scratch schema bench_load (dropped before and after), so the real tables and any
// demo data already loaded stay untouched.

const SUITE = 'load';
const SCHEMA = 'bench_load';
const SEED = 20261126;

export async function loadBench(opts: BenchOptions): Promise<void> {
  const n = opts.rows ?? 200_000;
  const config = loadConfig();
  const handle = await openDatabase(config);
  const ds = await connect(handle);
  const quiet = () => undefined;
  try {
    await ensureTaxonomies(ds, (m) => info(opts, m));
    const ref = await prepareDemoReference(ds, quiet);
    const mode = await detectBulkMode(ds);
    info(opts, `database: ${handle.mode === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : 'embedded PGlite'}; ${n.toLocaleString('en-US')} postings; our writer: ${mode === 'copy' ? 'COPY FROM STDIN' : 'INSERT ... SELECT unnest batches'}`);

    const qr = ds.createQueryRunner();
    const client = (await qr.connect()) as PoolClient;
    try {
      await setupSchema(client);
      await client.query(`SET search_path = ${SCHEMA}, public`);

      // ---- ours: generation + load --------------------------------------------------------------
      const t0 = performance.now();
      const plans = planPostings(ref, n, SEED);
      const tPlan = performance.now();
      await client.query('BEGIN');
      const mentions = await writePostings(client, new BulkWriter(client, mode), plans, quiet);
      await client.query('COMMIT');
      const ours = (performance.now() - t0) / 1000;
      const rowsTotal = n + mentions.skills + mentions.credentials;
      info(opts, `ours: planned in ${((tPlan - t0) / 1000).toFixed(2)} s, ${mentions.skills.toLocaleString('en-US')} skill and ${mentions.credentials.toLocaleString('en-US')} credential mentions`);

      // ---- baseline: plain multi-row INSERT of the same rows into bare tables ---------------------
      // Also, for insight: our writer alone on the same pre-rendered rows into bare tables.
      let base = 0;
      let writerOnly = 0;
      const bareWriter = new BulkWriter(client, mode);
      await client.query('BEGIN');
      const CHUNK = 2_500;
      for (let i = 0; i < plans.length; i += CHUNK) {
        const batch = plans.slice(i, i + CHUNK);
        const rows = postingRows(batch, batch.map((p) => p.index + 1));
        let t = performance.now();
        await plainInsert(client, 'bare_job_posting', POSTING_COLUMNS, rows.postings);
        await plainInsert(client, 'bare_posting_skill', POSTING_SKILL_COLUMNS, rows.skills);
        await plainInsert(client, 'bare_posting_credential', POSTING_CREDENTIAL_COLUMNS, rows.credentials);
        base += (performance.now() - t) / 1000;
        t = performance.now();
        await bareWriter.write(`${SCHEMA}.bare2_job_posting`, POSTING_COLUMNS, rows.postings);
        await bareWriter.write(`${SCHEMA}.bare2_posting_skill`, POSTING_SKILL_COLUMNS, rows.skills);
        await bareWriter.write(`${SCHEMA}.bare2_posting_credential`, POSTING_CREDENTIAL_COLUMNS, rows.credentials);
        writerOnly += (performance.now() - t) / 1000;
      }
      await client.query('COMMIT');

      const [{ a, b }] = (await client.query(`SELECT (SELECT count(*)::int FROM ${SCHEMA}.job_posting) AS a, (SELECT count(*)::int FROM ${SCHEMA}.bare_job_posting) AS b`)).rows;
      if (a !== n || b !== n) throw new Error(`load bench: expected ${n} rows in both tables, got ${a} and ${b}`);

      const note = 'ratio = baseline time / our time; > 1 means generation+load beats the plain INSERT alone';
      report(opts, { suite: SUITE, metric: 'postings generated+loaded', value: n / ours, unit: 'postings/s', baseline: n / base, ratio: base / ours, note });
      report(opts, { suite: SUITE, metric: 'rows generated+loaded (with mentions)', value: rowsTotal / ours, unit: 'rows/s', baseline: rowsTotal / base, ratio: base / ours });
      report(opts, { suite: SUITE, metric: 'elapsed', value: ours, unit: 's', baseline: base, ratio: base / ours });
      report(opts, {
        suite: SUITE,
        metric: `${mode === 'copy' ? 'COPY' : 'unnest'} writer only, bare tables`,
        value: rowsTotal / writerOnly,
        unit: 'rows/s',
        baseline: rowsTotal / base,
        ratio: base / writerOnly,
        note: 'same pre-rendered rows and bare tables as the baseline; isolates the write method',
      });
      report(opts, { suite: SUITE, metric: 'peak RSS', value: peakRssMb(), unit: 'MB' });
    } finally {
      await client.query('ROLLBACK').catch(() => undefined);
      await client.query('RESET search_path').catch(() => undefined);
      await client.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`).catch(() => undefined);
      await qr.release();
    }
  } finally {
    await ds.destroy();
    await handle.close();
  }
}

async function setupSchema(client: PoolClient): Promise<void> {
  await client.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
  await client.query(`CREATE SCHEMA ${SCHEMA}`);
  // With indexes (as the real tables), own id sequence; foreign keys are not copied by LIKE.
  for (const t of ['job_posting', 'posting_skill', 'posting_credential']) {
    await client.query(`CREATE TABLE ${SCHEMA}.${t} (LIKE public.${t} INCLUDING ALL)`);
    await client.query(`CREATE TABLE ${SCHEMA}.bare_${t} (LIKE public.${t})`);
    await client.query(`CREATE TABLE ${SCHEMA}.bare2_${t} (LIKE public.${t})`);
  }
  await client.query(`CREATE SEQUENCE ${SCHEMA}.job_posting_id_seq OWNED BY ${SCHEMA}.job_posting.id`);
  await client.query(`ALTER TABLE ${SCHEMA}.job_posting ALTER COLUMN id SET DEFAULT nextval('${SCHEMA}.job_posting_id_seq')`);
}

async function plainInsert(client: PoolClient, table: string, columns: readonly Column[], rows: readonly Cell[][]): Promise<void> {
  const per = 1000;
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    const params: Cell[] = [];
    const tuples = chunk.map((r) => `(${r.map((v) => (params.push(v), `$${params.length}`)).join(', ')})`);
    await client.query(`INSERT INTO ${SCHEMA}.${table} (${columns.map((c) => c.name).join(', ')}) VALUES ${tuples.join(', ')}`, params);
  }
}
