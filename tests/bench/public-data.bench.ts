import { createReadStream, createWriteStream, existsSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createApp } from '../../apps/api/src/app.factory.js';
import { loadConfig } from '../../apps/api/src/config/config.js';
import { connect, openDatabase } from '../../apps/api/src/database/database.js';
import { loadPublicDataFile } from '../../apps/api/src/modules/public-data/public-data.loader.js';
import { ensureTaxonomies } from '../../apps/api/src/modules/taxonomy/taxonomy.loader.js';
import { C_A_COLUMNS, completionLine } from './ipeds-c-a-layout.js';
import { info, peakRssMb, report, type BenchOptions } from './report.js';

// Loads a national-size IPEDS C_A file (default 300,000 rows, synthetic, in the official layout:
// real HD2023 UNITIDs and CIP 2020 codes, first and second majors, grand totals) through the real
// loader, against a raw COPY of the same file into a bare table in the same run; then times program
// demand with that year as the latest. The real OEWS national file is loaded when no OEWS is, and a
// projections table (vintage 2099-2109: the OEWS occupations with SYNTHETIC openings rates and the
// O*NET job zone's education) so openings and their allocation are computed as in a real setup.
// The bench year (2099) and the bench projections are deleted afterwards.
// Tuning aids: PUBLIC_DATA_BENCH_REUSE=1 keeps the bench year loaded between runs (and skips the
// load when it is there); PUBLIC_DATA_BENCH_PROFILE=1 prints the SQL time of the questions by statement.

const SUITE = 'public-data';
const YEAR = 2099;
const LEVELS = [20, 21, 2, 4, 3, 5, 6, 7, 8, 17, 18, 19];

/** A file shipped in the repository, from the sources (vitest) or the compiled CLI (dist/api/tests/bench). */
function shippedFile(rel: string): string {
  for (let dir = import.meta.dirname, i = 0; i < 6; i++, dir = dirname(dir)) if (existsSync(join(dir, rel))) return join(dir, rel);
  throw new Error(`${rel} not found above ${import.meta.dirname}`);
}

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

async function generate(file: string, n: number, units: number[], cips: string[]): Promise<number> {
  const r = rng(14);
  const out = createWriteStream(file, { highWaterMark: 1 << 20 });
  out.write(C_A_COLUMNS.join(',') + '\r\n');
  let rows = 0;
  // Each institution gets a run of distinct (CIP, level) programs, a grand total and some second
  // majors, until N rows are written; keys never repeat.
  for (let u = 0; rows < n; u = (u + 1) % units.length) {
    const unitid = units[u];
    const programs = 20 + Math.floor(r() * 60);
    const start = Math.floor(r() * cips.length);
    for (let i = 0; i < programs && rows < n; i++) {
      const cip = cips[(start + i * 7) % cips.length];
      const level = LEVELS[(u + i) % LEVELS.length];
      const total = Math.floor(r() * 120);
      let line = completionLine({ unitid, cip, majornum: 1, awlevel: level, total }) + '\r\n';
      rows++;
      if (r() < 0.08 && rows < n) {
        line += completionLine({ unitid, cip, majornum: 2, awlevel: level, total: Math.floor(total / 5) }) + '\r\n';
        rows++;
      }
      if (!out.write(line)) await once(out, 'drain');
    }
    if (rows < n) {
      out.write(completionLine({ unitid, cip: '99', majornum: 1, awlevel: 5, total: 999 }) + '\r\n');
      rows++;
    }
    if (u === units.length - 1) cips.push(cips.shift()!); // a new pass draws other programs
  }
  out.end();
  await once(out, 'finish');
  return rows;
}

export async function publicDataBench(opts: BenchOptions): Promise<void> {
  const n = opts.rows ?? 300_000;
  const config = loadConfig();
  if (!config.databaseUrl) throw new Error('the public-data benchmark compares with raw COPY and needs PostgreSQL: set DATABASE_URL');
  const handle = await openDatabase(config);
  const ds = await connect(handle);
  const file = join(tmpdir(), `credpulse-c${YEAR}_a-${process.pid}.csv`);
  // The app shares the DataSource and closes it: the bench year goes before that.
  const cleanUp = async () => {
    if (process.env.PUBLIC_DATA_BENCH_REUSE === '1') return;
    for (const sql of [
      'DELETE FROM ipeds_completion WHERE year = $1', 'DELETE FROM rollup_ipeds_completion WHERE year = $1', `DELETE FROM public_data_load WHERE dataset = 'ipeds-completions' AND vintage = $1::text`,
      `DELETE FROM ep_projection WHERE vintage = $1::text || '-2109'`, `DELETE FROM public_data_load WHERE dataset = 'projections' AND vintage = $1::text || '-2109'`,
    ]) {
      await ds.query(sql, [YEAR]).catch(() => undefined);
    }
  };
  try {
    await ensureTaxonomies(ds, (m) => info(opts, m));
    const [{ units }] = await ds.query('SELECT count(DISTINCT unitid)::int AS units FROM ipeds_institution');
    if (units === 0) {
      const t = Date.now();
      const hd = shippedFile(join('libs', 'taxonomy', 'data', 'ipeds_2023', 'hd2023.csv'));
      const r = await loadPublicDataFile(ds, { dataset: 'ipeds-institutions', file: 'hd2023.csv', source: createReadStream(hd) });
      report(opts, { suite: SUITE, metric: 'load HD2023 (institutions)', value: (Date.now() - t) / 1000, unit: 's', note: `${r.loaded} rows` });
    }
    const [{ oews }] = await ds.query('SELECT count(*)::int AS oews FROM oews_estimate');
    if (oews === 0) {
      const file = shippedFile(join('libs', 'taxonomy', 'data', 'oews_national_2024', 'oews_national_M2024.csv'));
      const r = await loadPublicDataFile(ds, { dataset: 'oews', file: 'oews_national_M2024.csv', source: createReadStream(file) });
      info(opts, `loaded OEWS national May 2024: ${r.loaded} occupations`);
    }
    await loadBenchProjections(ds, opts);
    const reuse = process.env.PUBLIC_DATA_BENCH_REUSE === '1' && (await ds.query('SELECT 1 FROM ipeds_completion WHERE year = $1 LIMIT 1', [YEAR])).length > 0;
    const unitids = ((await ds.query('SELECT DISTINCT unitid FROM ipeds_institution ORDER BY 1')) as { unitid: number }[]).map((x) => Number(x.unitid));
    const cips = ((await ds.query(`SELECT code FROM cip WHERE level = 6 ORDER BY code`)) as { code: string }[]).map((x) => x.code);
    let t = Date.now();
    if (!reuse) {
    const rows = await generate(file, n, unitids, cips);
    info(opts, `generated ${rows.toLocaleString('en-US')} C_A rows, ${(statSync(file).size / 1e6).toFixed(0)} MB, in ${((Date.now() - t) / 1000).toFixed(1)} s; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);

    // Baseline: raw COPY of the same file into a bare table of text columns.
    await ds.query('DROP TABLE IF EXISTS bench_raw_c_a');
    await ds.query(`CREATE TABLE bench_raw_c_a (${C_A_COLUMNS.map((c) => `"${c}" text`).join(', ')})`);
    const qr = ds.createQueryRunner();
    const client = (await qr.connect()) as pg.PoolClient;
    t = Date.now();
    try {
      await pipeline(createReadStream(file), client.query(copyFrom(`COPY bench_raw_c_a FROM STDIN (FORMAT csv, HEADER)`)));
    } finally {
      await qr.release();
    }
    const copyS = (Date.now() - t) / 1000;
    await ds.query('DROP TABLE bench_raw_c_a');

    const load1 = loadavg()[0];
    t = Date.now();
    const r = await loadPublicDataFile(ds, { dataset: 'ipeds-completions', file: `c${YEAR}_a.csv`, source: createReadStream(file, { highWaterMark: 1 << 20 }), year: YEAR });
    const loadS = (Date.now() - t) / 1000;
    if (r.status === 'failed') throw new Error(`load failed: ${r.detail}`);
    report(opts, { suite: SUITE, metric: `load C_A (${rows.toLocaleString('en-US')} rows)`, value: loadS, unit: 's', baseline: copyS, ratio: loadS / copyS, note: `${r.loaded} loaded, ${r.skipped} totals skipped, ${r.rejected} rejected; ${Math.round(rows / loadS).toLocaleString('en-US')} rows/s; load average ${load1.toFixed(1)}-${loadavg()[0].toFixed(1)}; peak RSS ${Math.round(peakRssMb())} MB; stages ${stagesOf(r)}` });
    t = Date.now();
    const again = await loadPublicDataFile(ds, { dataset: 'ipeds-completions', file: `c${YEAR}_a.csv`, source: createReadStream(file, { highWaterMark: 1 << 20 }), year: YEAR });
    report(opts, { suite: SUITE, metric: 'reload the same vintage (replace)', value: (Date.now() - t) / 1000, unit: 's', note: `${again.replaced} replaced; load average ${loadavg()[0].toFixed(1)}; stages ${stagesOf(again)}` });
    } else info(opts, `reusing the bench year ${YEAR} already loaded`);

    // Program demand with this year as the latest: national and state questions, per program and per award level.
    const app = await createApp({ ...config, anonymousViewer: true, rateLimit: 1_000_000_000, logLevel: 'error', responseCacheEntries: 0 }, handle, ds, { quiet: true });
    await app.listen(0, '127.0.0.1');
    const port = (app.getHttpServer().address() as AddressInfo).port;
    try {
      const states = ((await ds.query(`SELECT fips FROM state ORDER BY fips`)) as { fips: string }[]).map((x) => x.fips);
      const questions: Record<string, string>[] = [];
      const g = rng(7);
      for (let i = 0; i < 60; i++) {
        const region = i % 6 === 0 ? 'us' : `state:${states[Math.floor(g() * states.length)]}`;
        const cip = cips[Math.floor(g() * cips.length)];
        questions.push(i % 3 === 0 ? { region, rank: 'gap', limit: '25' } : { region, groupBy: 'award-level', cip: i % 2 ? cip : cip.slice(0, 2) });
      }
      // A dean browsing the programs of one state (California): the region's context is kept.
      for (let i = 0; i < 40; i++) {
        const cip = cips[Math.floor(g() * cips.length)];
        questions.push(i % 4 === 0 ? { region: 'state:06', rank: 'gap', limit: '25', browse: '1' } : { region: 'state:06', groupBy: 'award-level', cip, browse: '1' });
      }
      const times: Record<string, number[]> = { 'all programs, rank=gap': [], 'one CIP by award level': [], 'one state browsed (California), both kinds': [] };
      let errors = 0;
      // The server's first question pays its start (routes, filter codes and CIP titles read once per
      // data version): asked apart, with a question not in the set, and reported on its own line.
      const cold = performance.now();
      const first = await fetch(`http://127.0.0.1:${port}/api/metrics/program-demand?${new URLSearchParams({ region: 'state:02', groupBy: 'award-level', cip: '52' })}`);
      await first.arrayBuffer();
      report(opts, { suite: SUITE, metric: 'program-demand, the first question after start (cold)', value: performance.now() - cold, unit: 'ms', note: `status ${first.status}; load average ${loadavg()[0].toFixed(1)}` });
      const profile = process.env.PUBLIC_DATA_BENCH_PROFILE === '1' ? profileQueries(ds) : null;
      for (const q of questions) {
        const s = performance.now();
        const { browse, ...query } = q;
        const res = await fetch(`http://127.0.0.1:${port}/api/metrics/program-demand?${new URLSearchParams(query)}`);
        await res.arrayBuffer();
        times[browse ? 'one state browsed (California), both kinds' : q.rank ? 'all programs, rank=gap' : 'one CIP by award level'].push(performance.now() - s);
        if (res.status !== 200) errors++;
      }
      profile?.print((m) => info(opts, m));
      for (const [kind, ts] of Object.entries(times)) {
        ts.sort((a, b) => a - b);
        const pct = (p: number) => ts[Math.min(ts.length - 1, Math.floor(p * ts.length))];
        report(opts, { suite: SUITE, metric: `program-demand p50, ${kind} (${ts.length})`, value: pct(0.5), unit: 'ms', note: `p95 ${pct(0.95).toFixed(0)} ms, max ${ts[ts.length - 1].toFixed(0)} ms, ${errors} errors in all; load average ${loadavg()[0].toFixed(1)}` });
      }
    } finally {
      await cleanUp();
      await app.close();
    }
  } finally {
    rmSync(file, { force: true });
    if (ds.isInitialized) await cleanUp();
    if (ds.isInitialized) await ds.destroy();
    await handle.close();
  }
}

/**
 * A projections table for the bench (vintage 2099-2109): every detailed OEWS occupation with its
 * employment in thousands, a SYNTHETIC openings rate between 6% and 16% a year (a hash of the SOC),
 * and the typical entry education of its O*NET job zone. Timing only; never a real figure.
 */
async function loadBenchProjections(ds: Awaited<ReturnType<typeof connect>>, opts: BenchOptions): Promise<void> {
  const vintage = `${YEAR}-${YEAR + 10}`;
  if ((await ds.query('SELECT 1 FROM ep_projection WHERE vintage = $1 LIMIT 1', [vintage])).length > 0) return;
  const occ: { soc: string; title: string; emp: number; zone: number | null }[] = await ds.query(
    `SELECT o.soc_code AS soc, o.title, o.employment AS emp, z.zone
     FROM oews_estimate o LEFT JOIN (SELECT soc_code, min(job_zone) AS zone FROM onet_occupation GROUP BY 1) z USING (soc_code)
     WHERE o.area = 'US' AND o.employment > 0 AND o.vintage = (SELECT max(vintage) FROM oews_estimate)`,
  );
  const education = (zone: number | null) => (zone === null ? null : zone <= 2 ? 'High school diploma or equivalent' : zone === 3 ? "Associate's degree" : zone === 4 ? "Bachelor's degree" : "Master's degree");
  const lines = [
    `Occupational projections, ${YEAR}-${YEAR + 10} (SYNTHETIC openings rates for the public-data benchmark)`,
    `Matrix title,Matrix code,"Employment, ${YEAR}","Employment, ${YEAR + 10}","Occupational openings, ${YEAR}-${YEAR + 10} annual average",Typical education needed for entry`,
    ...occ.map((o) => {
      let h = 0;
      for (const ch of o.soc) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
      const base = o.emp / 1000;
      return `"${o.title.replace(/"/g, '""')}",${o.soc},${base.toFixed(1)},${(base * 1.04).toFixed(1)},${(base * (0.06 + (h % 100) / 1000)).toFixed(2)},"${education(o.zone) ?? ''}"`;
    }),
  ];
  const r = await loadPublicDataFile(ds, { dataset: 'projections', file: `bench_projections_${YEAR}.csv`, source: Readable.from([lines.join('\n')]) });
  info(opts, `loaded bench projections ${vintage}: ${r.loaded} occupations (${r.status}${r.detail ? `: ${r.detail}` : ''})`);
}

const stagesOf = (r: { stages?: Record<string, number> }) => Object.entries(r.stages ?? {}).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(', ');

/** Wraps ds.query to sum the time of each statement (its first 90 characters) until print(). */
function profileQueries(ds: Awaited<ReturnType<typeof connect>>): { print: (out: (m: string) => void) => void } {
  const original = ds.query.bind(ds);
  const by = new Map<string, { n: number; ms: number }>();
  (ds as { query: unknown }).query = async (sql: string, params?: unknown[]) => {
    const t = performance.now();
    try {
      return await original(sql, params);
    } finally {
      const key = sql.replace(/\s+/g, ' ').trim().slice(0, 90);
      const e = by.get(key) ?? { n: 0, ms: 0 };
      e.n++;
      e.ms += performance.now() - t;
      by.set(key, e);
    }
  };
  return {
    print: (out) => {
      (ds as { query: unknown }).query = original;
      for (const [sql, e] of [...by].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25)) out(`${e.ms.toFixed(0).padStart(7)} ms ${String(e.n).padStart(4)}x  ${sql}`);
    },
  };
}
