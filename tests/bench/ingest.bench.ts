import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { join } from 'node:path';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { loadConfig } from '../../apps/api/src/config/config.js';
import { connect, openDatabase } from '../../apps/api/src/database/database.js';
import { ensureTaxonomies } from '../../apps/api/src/modules/taxonomy/taxonomy.loader.js';
import { ingestFile, type IngestStats } from '../../apps/api/src/modules/ingest/ingest.pipeline.js';
import { afterLoadHook, ingestDeps } from '../../apps/api/src/modules/ingest/ingest.service.js';
import { CATALOGUE } from '../../apps/api/src/modules/analytics/catalogue/catalogue.js';
import { benchDescription } from './bench-postings.js';
import { addPostingDelta, POSTING_ROLLUPS, refreshRollups } from '../../apps/api/src/modules/analytics/catalogue/refresh.js';
import { ingestCodingBench } from './ingest-coding.bench.js';
import { info, peakRssMb, report, type BenchOptions } from './report.js';

// Generates N postings as CSV (about 1 KB of description each, with skill and credential mentions
// under requirement cues, and ~10% reposts), ingests them end to end (parse, validate, extract,
// COPY, dedup) into PostgreSQL, and compares with a raw COPY of the same file into a bare table in
// the same run. The loaded rows are deleted afterwards. Without DATABASE_URL (or with
// CREDPULSE_BENCH_EMBEDDED=1) it runs on the embedded database (PGlite), whose raw COPY baseline
// reads the file through PGlite's /dev/blob: on a data directory of its own in $TMPDIR, as
// `credpulse` runs it (removed afterwards), or in memory with CREDPULSE_BENCH_MEMORY=1 (the tests'
// kind, which the figures before 2026-12-08 used).

const SUITE = 'ingest';

const TITLES = ['Software Engineer', 'Registered Nurse', 'Welder', 'Truck Driver', 'Data Analyst', 'Help Desk Technician', 'Project Manager', 'Medical Assistant', 'Accountant', 'Network Administrator'];

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

async function generate(file: string, n: number, counties: string[], socs: string[], naics: string[], prefix: string): Promise<void> {
  const r = rng(42);
  const pick = <T>(a: T[]) => a[Math.floor(r() * a.length)];
  const out = createWriteStream(file, { highWaterMark: 1 << 20 });
  out.write('source_key,employer,title,naics_code,soc_code,county_fips,posted_date,expires_date,description,salary_min,salary_max,salary_unit\n');
  for (let i = 0; i < n; i++) {
    const repost = i > 0 && r() < 0.1;
    const emp = `Employer ${repost ? Math.floor(r() * 50) : Math.floor(r() * 20000)}`;
    const day = Math.floor(r() * 700);
    const posted = new Date(Date.UTC(2024, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
    const expires = new Date(Date.UTC(2024, 0, 1) + (day + 30) * 86_400_000).toISOString().slice(0, 10);
    const desc = benchDescription(pick);
    const min = 15 + Math.floor(r() * 30);
    const line = `${prefix}${i},${emp},${pick(TITLES)},${pick(naics)},${pick(socs)},${pick(counties)},${posted},${expires},"${desc}",${min},${min + 5},hour\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/**
 * CPU seconds (user + system) of this database's server processes, read from /proc (a local
 * server on Linux; undefined elsewhere). The pool's connections live through the load, so the
 * difference of two readings is the server's work for it.
 */
async function serverCpuS(ds: { query(sql: string): Promise<{ pid: number }[]> }): Promise<number | undefined> {
  try {
    const rows = await ds.query('SELECT pid FROM pg_stat_activity WHERE datname = current_database()');
    let ticks = 0;
    for (const { pid } of rows) {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]);
    }
    return ticks / 100;
  } catch {
    return undefined;
  }
}

export async function ingestBench(opts: BenchOptions): Promise<void> {
  // --places text: free-text places and titles against the same postings with codes (geocoding and title coding cost)
  if (opts.places === 'text') return ingestCodingBench(opts);
  const n = opts.rows ?? 1_000_000;
  const loaded = loadConfig();
  const embedded = !loaded.databaseUrl || process.env.CREDPULSE_BENCH_EMBEDDED === '1';
  const inMemory = embedded && process.env.CREDPULSE_BENCH_MEMORY === '1';
  const benchDir = embedded && !inMemory ? mkdtempSync(join(tmpdir(), 'credpulse-ingest-bench-')) : undefined;
  const config = embedded ? { ...loaded, databaseUrl: undefined, ...(benchDir ? { dataDir: benchDir, pgliteDir: join(benchDir, 'pglite') } : {}) } : loaded;
  info(opts, `database: ${!embedded ? 'PostgreSQL' : inMemory ? 'embedded (PGlite, in memory)' : `embedded (PGlite, data directory ${config.pgliteDir})`}`);
  const handle = await openDatabase(config, embedded ? { inMemory, owner: 'bench' } : {});
  const ds = await connect(handle);
  const file = join(tmpdir(), `credpulse-ingest-bench-${process.pid}.csv`);
  try {
    await ensureTaxonomies(ds, (m) => info(opts, m));
    const col = async (sql: string) => ((await ds.query(sql)) as { v: string }[]).map((x) => x.v);
    const counties = await col('SELECT fips::text AS v FROM county');
    const socs = await col(`SELECT code AS v FROM soc WHERE level = 'detailed'`);
    const naics = await col('SELECT code AS v FROM naics WHERE level = 6');
    if (!counties.length || !socs.length) throw new Error('taxonomies are not loaded (run credpulse taxonomy load)');
    let t = Date.now();
    // CREDPULSE_BENCH_TAG=x keys the postings bench:x:N, so a load can go on top of another run's
    // postings kept with CREDPULSE_BENCH_KEEP=1 (the refresh of a small file onto a big table)
    const prefix = process.env.CREDPULSE_BENCH_TAG ? `bench:${process.env.CREDPULSE_BENCH_TAG}:` : 'bench:';
    await generate(file, n, counties, socs, naics, prefix);
    info(opts, `generated ${n.toLocaleString('en-US')} postings, ${(statSync(file).size / 1e6).toFixed(0)} MB, in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    const [, removed] = (await ds.query(`DELETE FROM job_posting WHERE source_key LIKE $1 || '%'`, [prefix])) as [unknown, number];
    if (removed > 0) await refreshRollups(ds, { since: '2024-01-01', facts: ['postings'] });
    const [{ stored }] = await ds.query(`SELECT count(*)::int AS stored FROM job_posting`);
    info(opts, `postings already stored: ${stored.toLocaleString('en-US')}`);

    // Baseline: raw COPY of the same file into a bare table (no keys, no indexes).
    await ds.query('DROP TABLE IF EXISTS bench_raw_posting');
    await ds.query(`CREATE TABLE bench_raw_posting (source_key text, employer text, title text, naics_code text, soc_code text, county_fips text,
      posted_date date, expires_date date, description text, salary_min numeric, salary_max numeric, salary_unit text)`);
    let rawS: number;
    if (handle.copyFromBlob) {
      const text = readFileSync(file, 'utf8');
      t = Date.now();
      await handle.copyFromBlob(`COPY bench_raw_posting FROM '/dev/blob' (FORMAT csv, HEADER true)`, text);
      rawS = (Date.now() - t) / 1000;
    } else {
      const qr = ds.createQueryRunner();
      const client = (await qr.connect()) as pg.PoolClient;
      t = Date.now();
      await pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), client.query(copyFrom('COPY bench_raw_posting FROM STDIN (FORMAT csv, HEADER true)')));
      rawS = (Date.now() - t) / 1000;
      await qr.release();
    }
    await ds.query('DROP TABLE bench_raw_posting');

    // The load adds itself into the posting rollups when they have been built (addPostingDelta); on a
    // database never refreshed it would refresh its months after the commit instead.
    if ((await ds.query(`SELECT 1 FROM rollup_state WHERE name = 'all'`)).length === 0) {
      t = Date.now();
      await refreshRollups(ds);
      info(opts, `rollups built once before the load (never built on this database): ${((Date.now() - t) / 1000).toFixed(1)} s`);
    }
    let stats: IngestStats | undefined;
    // CREDPULSE_BENCH_THREADS=N extraction workers (0: main thread; default: the pipeline's default)
    const threads = process.env.CREDPULSE_BENCH_THREADS === undefined ? undefined : Number(process.env.CREDPULSE_BENCH_THREADS);
    // CREDPULSE_BENCH_INSERT=1 on the embedded database: multi-row INSERT instead of PGlite's blob COPY (the comparison)
    const viaInsert = process.env.CREDPULSE_BENCH_INSERT === '1';
    // CREDPULSE_BENCH_BULK=0|1: bulk mode off / forced (default: the pipeline's rule)
    const bulk: boolean | 'auto' = process.env.CREDPULSE_BENCH_BULK === undefined ? 'auto' : process.env.CREDPULSE_BENCH_BULK === '1';
    // CREDPULSE_BENCH_WORKER_HEAP=MB: the extraction worker's old-generation cap (default: the pipeline's)
    const heapOld = process.env.CREDPULSE_BENCH_WORKER_HEAP ? Number(process.env.CREDPULSE_BENCH_WORKER_HEAP) : undefined;
    const deps = { ...ingestDeps(ds, handle, config), bulk, extractionPool: { threads, disabled: threads === 0, ...(heapOld ? { heapMb: { old: heapOld, young: 16 } } : {}) }, onStats: (s: IngestStats) => void (stats = s), ...(viaInsert ? { copyFromBlob: undefined } : {}) };
    if (embedded) info(opts, `embedded write path: ${deps.copyFromBlob ? "COPY FROM '/dev/blob'" : 'multi-row INSERT through the socket'}`);
    // What the harness itself holds before the load (taxonomies read into this process, the generator),
    // after a full GC, against what the load adds: sampled every 200 ms, the main thread's heap and
    // buffers at the highest RSS; the rest of RSS is the worker isolates, code and native memory.
    setFlagsFromString('--expose-gc');
    (runInNewContext('gc') as () => void)();
    const m0 = process.memoryUsage();
    const mb = (x: number) => Math.round(x / 1e6);
    info(opts, `RSS before the load ${mb(m0.rss)} MB after a full GC (main heap ${mb(m0.heapUsed)} MB used of ${mb(m0.heapTotal)}, external ${mb(m0.external)} MB), peak so far ${Math.round(peakRssMb())} MB`);
    let top = m0;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      if (m.rss > top.rss) top = m;
    }, 200);
    const load0 = loadavg()[0];
    // CPU seconds, steadier than wall time on a shared machine: this process (main thread and
    // extraction workers; the embedded database runs here too) and this database's server backends.
    const cpu0 = process.cpuUsage();
    const server0 = embedded ? undefined : await serverCpuS(ds);
    t = Date.now();
    const res = await ingestFile(deps, { format: 'postings-csv', file, source: createReadStream(file, { highWaterMark: 1 << 20 }), sizeHint: statSync(file).size });
    const ingestS = (Date.now() - t) / 1000;
    clearInterval(sampler);
    info(opts, `highest RSS sampled during the load ${mb(top.rss)} MB: main heap ${mb(top.heapUsed)} MB used of ${mb(top.heapTotal)}, external ${mb(top.external)} MB (array buffers ${mb(top.arrayBuffers)}), the rest ${mb(top.rss - top.heapTotal - top.external)} MB (worker isolates, code, native)`);
    const cpu = process.cpuUsage(cpu0);
    const server1 = embedded ? undefined : await serverCpuS(ds);
    if (res.accepted !== n) throw new Error(`expected ${n} accepted, got ${res.accepted} (rejected ${res.rejected}: ${res.errors.slice(0, 3).map((e) => e.reason).join('; ')})`);
    const [{ skills, creds, dups }] = await ds.query(
      `SELECT (SELECT count(*) FROM posting_skill ps JOIN job_posting p ON p.id = ps.posting_id WHERE p.ingest_run_id = $1)::int8 AS skills,
              (SELECT count(*) FROM posting_credential pc JOIN job_posting p ON p.id = pc.posting_id WHERE p.ingest_run_id = $1)::int8 AS creds,
              (SELECT count(*) FROM job_posting WHERE ingest_run_id = $1 AND is_duplicate)::int8 AS dups`,
      [res.runId],
    );
    if (stats) {
      const ms = (x: number) => `${(x / 1000).toFixed(1)} s`;
      info(opts, `stages (overlapping): parse ${ms(stats.parseMs)}, main-thread extraction ${ms(stats.extractMainMs)}, waiting for the pool (${stats.poolThreads} threads) ${ms(stats.extractWaitMs)}, rows ${ms(stats.buildMs)}, database ${ms(stats.databaseMs)}, parser held back ${ms(stats.backpressureMs)}, id check ${ms(stats.checkMs)}, ${stats.bulk ? `bulk mode: index rebuild + ANALYZE ${ms(stats.indexMs)}` : 'no bulk mode'}, dedup ${ms(stats.dedupMs)}; ${stats.batches} batches`);
    }
    info(opts, `load average ${load0.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end (2 cores)`);
    const processCpuS = (cpu.user + cpu.system) / 1e6;
    const serverS = server0 !== undefined && server1 !== undefined ? server1 - server0 : undefined;
    info(opts, `CPU: this process ${processCpuS.toFixed(1)} s${serverS !== undefined ? `, database server ${serverS.toFixed(1)} s` : ''} (wall ${ingestS.toFixed(1)} s)`);
    info(opts, `${Number(skills).toLocaleString('en-US')} skill mentions, ${Number(creds).toLocaleString('en-US')} credential mentions, ${Number(dups).toLocaleString('en-US')} reposts marked duplicate`);
    // A/B in the same run: the load's rollup delta (in its transaction, above) against the refresh
    // every postings load ran before, the posting rollups recomputed over the months the file spans
    // (from 2024-01), which must leave them exactly as the delta did.
    const digest = async () => {
      const out: string[] = [];
      for (const n of POSTING_ROLLUPS) out.push((await ds.query(`SELECT md5(string_agg(t::text, ';' ORDER BY t::text)) AS h FROM ${CATALOGUE[n].table} t`))[0].h);
      return out.join(',');
    };
    const rollupS = (stats?.rollupMs ?? 0) / 1000;
    const deltaSteps = Object.entries(stats?.rollupSteps ?? {}).filter(([, ms]) => ms >= 100).map(([k, ms]) => `${k} ${(ms / 1000).toFixed(1)} s`);
    info(opts, `rollups: ${stats?.rollups ?? '?'} in ${rollupS.toFixed(2)} s (in the load's transaction, counted in its time: ${deltaSteps.join(', ')})`);
    // CREDPULSE_BENCH_AB=0 skips the comparison (memory runs)
    let refreshS = NaN;
    if (stats && !stats.rollups.startsWith('added')) {
      // the pipeline left the rollups to the refresh after the commit (bulk mode): this is it
      t = Date.now();
      await refreshRollups(ds, { since: '2024-01-01', facts: ['postings'] });
      refreshS = (Date.now() - t) / 1000;
      info(opts, `rollups refreshed after the commit: ${refreshS.toFixed(1)} s (not counted in the ingest time)`);
    } else if (process.env.CREDPULSE_BENCH_AB !== '0') {
      const afterDelta = await digest();
      // CPU seconds of the database server, steadier than wall time on a shared machine: the delta
      // once more (this run's postings, in a transaction rolled back) against the months' recompute
      const [{ lo, hi }] = await ds.query(`SELECT min(id)::int8 AS lo, max(id)::int8 AS hi FROM job_posting WHERE ingest_run_id = $1`, [res.runId]);
      let deltaCpu: number | undefined;
      let deltaAgainS = NaN;
      if (!embedded) {
        const c0 = await serverCpuS(ds);
        t = Date.now();
        await ds
          .transaction(async (m) => {
            await addPostingDelta((sql, params) => m.query(sql, params), { runId: Number(res.runId), minId: Number(lo), maxId: Number(hi), flipped: [] });
            throw new Error('rollback');
          })
          .catch(() => undefined);
        deltaAgainS = (Date.now() - t) / 1000;
        const c1 = await serverCpuS(ds);
        deltaCpu = c0 !== undefined && c1 !== undefined ? c1 - c0 : undefined;
      }
      const steps: string[] = [];
      const r0 = embedded ? undefined : await serverCpuS(ds);
      t = Date.now();
      await refreshRollups(ds, { since: '2024-01-01', facts: ['postings'], onStep: (step, ms) => void (ms >= 100 && steps.push(`${step} ${(ms / 1000).toFixed(1)} s`)) });
      refreshS = (Date.now() - t) / 1000;
      const r1 = embedded ? undefined : await serverCpuS(ds);
      info(opts, `before: the months' recompute took ${refreshS.toFixed(1)} s (${steps.join(', ')}); rollups ${(await digest()) === afterDelta ? 'identical to' : 'DIFFERENT FROM'} the load's delta`);
      if (deltaCpu !== undefined && r0 !== undefined && r1 !== undefined)
        info(opts, `database server CPU: the delta again (rolled back) ${deltaCpu.toFixed(1)} s in ${deltaAgainS.toFixed(1)} s, the months' recompute ${(r1 - r0).toFixed(1)} s in ${refreshS.toFixed(1)} s`);
    }

    report(opts, { suite: SUITE, metric: 'postings/s end to end (with extraction)', value: n / ingestS, unit: 'rows/s', baseline: n / rawS, ratio: ingestS / rawS, note: 'baseline: raw COPY into a bare table; ratio = time / raw time' });
    report(opts, { suite: SUITE, metric: 'ingest time', value: ingestS, unit: 's', baseline: rawS, ratio: ingestS / rawS });
    // the figures of earlier runs left the rollups to a refresh after the load: comparable with them
    const loadS = ingestS - rollupS;
    report(opts, { suite: SUITE, metric: 'postings/s without the rollup delta (as measured before)', value: n / loadS, unit: 'rows/s', baseline: n / rawS, ratio: loadS / rawS });
    report(opts, { suite: SUITE, metric: 'rollup refresh: the load added into its rollups (in the load)', value: rollupS, unit: 's' });
    report(opts, { suite: SUITE, metric: 'rollup refresh before: the months recomputed', value: refreshS, unit: 's' });
    if (stats) {
      const stage = (metric: string, msValue: number) => report(opts, { suite: SUITE, metric: `stage: ${metric}`, value: msValue / 1000, unit: 's' });
      stage('parse', stats.parseMs);
      stage('extract (main thread + waiting for workers)', stats.extractMainMs + stats.extractWaitMs);
      stage('build COPY rows', stats.buildMs);
      stage('database', stats.databaseMs);
      stage('dedup (+ id check)', stats.dedupMs + stats.checkMs);
      stage('index rebuild + ANALYZE (bulk mode)', stats.indexMs);
      stage('refresh (rollup delta, in the load)', stats.rollupMs);
    }
    report(opts, { suite: SUITE, metric: 'CPU: this process (with workers)', value: processCpuS, unit: 's' });
    if (serverS !== undefined) report(opts, { suite: SUITE, metric: 'CPU: database server', value: serverS, unit: 's' });
    report(opts, { suite: SUITE, metric: 'peak RSS', value: peakRssMb(), unit: 'MB' });
    // CREDPULSE_BENCH_KEEP=1 keeps the loaded postings (to study the rollups' queries on them)
    if (process.env.CREDPULSE_BENCH_KEEP === '1') return;
    await ds.query(`DELETE FROM job_posting WHERE ingest_run_id = $1`, [res.runId]);
    await ds.query(`DELETE FROM ingest_run WHERE id = $1`, [res.runId]);
    await afterLoadHook(ds, () => undefined)('2024-01-01', ['postings']);
  } finally {
    rmSync(file, { force: true });
    await ds.destroy();
    await handle.close();
    if (benchDir) rmSync(benchDir, { recursive: true, force: true });
  }
}
