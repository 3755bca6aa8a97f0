import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { DataSource } from 'typeorm';
import { createApp } from '../../apps/api/src/app.factory.js';
import { loadConfig } from '../../apps/api/src/config/config.js';
import { connect, openDatabase } from '../../apps/api/src/database/database.js';
import { refreshRollups, rollupRowCounts } from '../../apps/api/src/modules/analytics/catalogue/refresh.js';
import { loadTaxonomies } from '../../apps/api/src/modules/taxonomy/taxonomy.loader.js';
import { info, report, type BenchOptions } from './report.js';

// `npm run bench -- queries [--rows N]`: N postings (default 10M) and N/5 awards generated in SQL
// into a dedicated PostgreSQL database (credpulse_bench_queries on DATABASE_URL's server), rollups
// built, then every metric endpoint is asked 200 random filter combinations over HTTP (p50, p95).
// The same raw rows are exported to Parquet and the same questions answered by DuckDB in the same
// run; ratio = endpoint p50 / DuckDB p50 (below 1: the API is faster).
// While tuning: QUERIES_BENCH_REUSE=1 keeps the generated rows when the database already holds
// exactly N postings (rollups are still rebuilt), QUERIES_BENCH_ONLY=postings,outcomes times only
// those endpoints, QUERIES_BENCH_N=50 asks fewer questions, QUERIES_BENCH_KEEP_ROLLUPS=1 reuses the
// rows and the rollups already built (no refresh timings), QUERIES_BENCH_DB=name uses another database,
// QUERIES_BENCH_REFRESH_ONLY=1 times the last-month refreshes only (over the rollups already built, if any).
const QUERIES = Number(process.env.QUERIES_BENCH_N ?? 200);
// QUERIES_BENCH_DB names another database (a small trial run must not replace the 10M rows).
const BENCH_DB = process.env.QUERIES_BENCH_DB ?? 'credpulse_bench_queries';
if (!/^[a-z_][a-z0-9_]*$/.test(BENCH_DB)) throw new Error(`QUERIES_BENCH_DB must be a plain lower-case name (got ${BENCH_DB})`);

export async function queriesBench(opts: BenchOptions): Promise<void> {
  const rows = opts.rows ?? 10_000_000;
  const keep = process.env.QUERIES_BENCH_KEEP_ROLLUPS === '1';
  const refreshOnly = process.env.QUERIES_BENCH_REFRESH_ONLY === '1';
  const benchUrl = await ensureQueriesData(opts, rows, { reuse: keep || process.env.QUERIES_BENCH_REUSE === '1', refresh: keep || refreshOnly ? 'when-missing' : 'always', suite: 'queries' });
  const handle = await openDatabase({ databaseUrl: benchUrl, dataDir: '', pgliteDir: '' }, { poolSize: 4 });
  const ds = await connect(handle);
  const dir = join(tmpdir(), `credpulse-bench-queries-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  try {
    let t0 = Date.now();
    if (!keep) {
      const lastMonth = await ds.query(`SELECT max(posted_date) AS d FROM job_posting`);
      const since = new Date(lastMonth[0].d);
      const sinceStr = `${since.getFullYear()}-${String(since.getMonth() + 1).padStart(2, '0')}-01`;
      // the steps over 100 ms, to see where a refresh spends
      const steps: string[] = [];
      const onStep = (step: string, ms: number) => (ms >= 100 ? steps.push(`${step} ${ms} ms`) : undefined);
      await refreshRollups(ds, { since: sinceStr, onStep });
      report(opts, { suite: 'queries', metric: 'refreshRollups (last month)', value: (Date.now() - t0) / 1000, unit: 's', note: 'all facts: postings, awards, outcomes' });
      info(opts, `steps: ${steps.splice(0).join(', ')}`);
      // what a postings file's load refreshes
      t0 = Date.now();
      await refreshRollups(ds, { since: sinceStr, facts: ['postings'], onStep });
      report(opts, { suite: 'queries', metric: 'refreshRollups (last month, postings)', value: (Date.now() - t0) / 1000, unit: 's' });
      info(opts, `steps: ${steps.splice(0).join(', ')}`);
    }
    // QUERIES_BENCH_REFRESH_ONLY=1: the refresh timings only (no Parquet export, no queries)
    if (refreshOnly) return;

    // QUERIES_BENCH_DUCKDB=0: the endpoints only, no Parquet export nor DuckDB baseline (minutes at 10M)
    const withDuck = process.env.QUERIES_BENCH_DUCKDB !== '0';
    t0 = Date.now();
    const duck = withDuck ? await exportToDuckDb(benchUrl, dir) : undefined;
    if (withDuck) report(opts, { suite: 'queries', metric: 'export raw rows to Parquet', value: (Date.now() - t0) / 1000, unit: 's' });

    const config = { ...loadConfig({ ...process.env, DATABASE_URL: benchUrl }), anonymousViewer: true, rateLimit: 1_000_000_000, logLevel: 'error' as const, responseCacheEntries: 0 }; // times the queries, not the cache
    const app = await createApp(config, handle, ds, { quiet: true });
    await app.listen(0, '127.0.0.1');
    const port = (app.getHttpServer().address() as AddressInfo).port;
    try {
      const ctx = await context(ds);
      const combos = randomCombos(ctx, QUERIES);
      const only = process.env.QUERIES_BENCH_ONLY?.split(',');
      for (const ep of ENDPOINTS.filter((e) => !only || only.includes(e.path))) {
        const times: number[] = [];
        const duckTimes: number[] = [];
        let errors = 0;
        let firstError = '';
        for (const c of combos) {
          const q = ep.query(c, ctx);
          const s = performance.now();
          const res = await fetch(`http://127.0.0.1:${port}/api/metrics/${ep.path}?${new URLSearchParams(q)}`);
          const body = await res.text();
          times.push(performance.now() - s);
          if (res.status !== 200) {
            errors++;
            firstError ||= `${res.status} ${body.slice(0, 160)}`;
          }
          if (ep.duck && duck) {
            const d0 = performance.now();
            await ep.duck(duck, c);
            duckTimes.push(performance.now() - d0);
          }
        }
        const p50 = pct(times, 0.5);
        const p95 = pct(times, 0.95);
        const d50 = duckTimes.length ? pct(duckTimes, 0.5) : undefined;
        report(opts, { suite: 'queries', metric: `${ep.path} p50`, value: p50, unit: 'ms', baseline: d50, ratio: d50 ? p50 / d50 : undefined, note: errors ? `${errors} non-200, e.g. ${firstError}` : d50 === undefined ? 'no DuckDB equivalent in this suite' : 'baseline: DuckDB p50 over Parquet' });
        report(opts, { suite: 'queries', metric: `${ep.path} p95`, value: p95, unit: 'ms', baseline: duckTimes.length ? pct(duckTimes, 0.95) : undefined, ratio: duckTimes.length ? p95 / pct(duckTimes, 0.95) : undefined });
      }
    } finally {
      await app.close();
    }
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The benchmark database (credpulse_bench_queries on DATABASE_URL's server) holding `rows` generated
 * postings and rows/5 awards, migrated, with taxonomies and full rollups; returns its URL.
 * `reuse`: keep rows already there when the counts match (rollups are still rebuilt), else generate.
 */
export async function ensureQueriesData(opts: BenchOptions, rows: number, o: { reuse: boolean; refresh: 'always' | 'when-missing'; suite: string }): Promise<string> {
  const awards = Math.max(1000, Math.round(rows / 5));
  const base = process.env.DATABASE_URL;
  if (!base) {
    if (rows > 200_000) throw new Error(`${o.suite}: ${rows.toLocaleString('en-US')} postings need PostgreSQL; set DATABASE_URL (the embedded database is refused above 200,000 rows)`);
    throw new Error(`${o.suite}: set DATABASE_URL (the benchmark creates its own database on that server)`);
  }
  const url = new URL(base);
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [BENCH_DB]);
  if (!exists.rowCount) await admin.query(`CREATE DATABASE ${BENCH_DB}`);
  await admin.end();
  url.pathname = `/${BENCH_DB}`;
  const benchUrl = url.toString();
  info(opts, `database ${url.host}/${BENCH_DB}; ${rows.toLocaleString('en-US')} postings, ${awards.toLocaleString('en-US')} awards`);
  const handle = await openDatabase({ databaseUrl: benchUrl, dataDir: '', pgliteDir: '' }, { poolSize: 4 });
  const ds = await connect(handle);
  try {
    await loadTaxonomies(ds, (m) => info(opts, m));
    let t0 = Date.now();
    const [have] = await ds.query(
      `SELECT (SELECT count(*) FROM job_posting)::int AS p, (SELECT count(*) FROM credential_award)::int AS a, EXISTS (SELECT 1 FROM learner_outcome) AS o`,
    );
    const reused = o.reuse && have.p === rows && have.a === awards && have.o;
    if (reused) info(opts, `reusing the ${rows.toLocaleString('en-US')} generated postings already there`);
    else {
      await generate(ds, rows, awards, (m) => info(opts, m));
      report(opts, { suite: o.suite, metric: 'generate postings+awards', value: (Date.now() - t0) / 1000, unit: 's' });
    }
    // reused rows whose rollups a finished refresh built (a refresh of 10M postings takes minutes)
    const [built] = await ds.query(`SELECT EXISTS (SELECT 1 FROM rollup_state) AND EXISTS (SELECT 1 FROM rollup_posting) AS ok`);
    if (reused && o.refresh === 'when-missing' && built.ok) {
      info(opts, 'keeping the rollups already built');
      return benchUrl;
    }
    t0 = Date.now();
    await refreshRollups(ds);
    const seconds = (Date.now() - t0) / 1000;
    const counts = Object.entries(await rollupRowCounts(ds)).map(([k, v]) => `${k.replace('rollup_', '')} ${v}`);
    report(opts, { suite: o.suite, metric: 'refreshRollups (full)', value: seconds, unit: 's', note: counts.join(', ') });
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await handle.close();
  }
  return benchUrl;
}

interface Ctx {
  months: string[];
  states: string[];
  sectors: string[];
  skills: string[];
  cips: string[];
}
interface Combo {
  from: string;
  to: string;
  state?: string;
  naics2?: string;
  baseFrom: string;
  baseTo: string;
  skill?: string;
  groupBy: number;
}

async function context(ds: DataSource): Promise<Ctx> {
  const months: { m: string }[] = await ds.query(`SELECT DISTINCT to_char(month, 'YYYY-MM') AS m FROM rollup_posting WHERE state_fips = 'US' ORDER BY 1`);
  const states: { s: string }[] = await ds.query(`SELECT DISTINCT state_fips AS s FROM rollup_posting WHERE state_fips NOT IN ('US', '--')`);
  const sectors: { n: string }[] = await ds.query(`SELECT DISTINCT naics2 AS n FROM rollup_posting WHERE naics2 <> '--' AND state_fips = 'US' AND naics2 IN (SELECT code FROM naics)`);
  const skills: { s: string }[] = await ds.query(`SELECT skill_id AS s FROM rollup_posting_skill WHERE state_fips = 'US' GROUP BY 1 ORDER BY sum(n) DESC LIMIT 50`);
  const cips: { c: string }[] = await ds.query(`SELECT program_cip AS c FROM rollup_award WHERE state_fips = 'US' AND program_cip <> '--' GROUP BY 1 ORDER BY sum(n) DESC LIMIT 30`);
  return { months: months.map((m) => m.m), states: states.map((s) => s.s), sectors: sectors.map((s) => s.n), skills: skills.map((s) => s.s), cips: cips.map((c) => c.c) };
}

// Deterministic pseudo-random filter combinations (mulberry32) so runs are comparable.
function randomCombos(ctx: Ctx, n: number): Combo[] {
  let a = 0x9e3779b9;
  const rnd = () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const out: Combo[] = [];
  const M = ctx.months;
  for (let i = 0; i < n; i++) {
    const len = 1 + Math.floor(rnd() * Math.min(12, M.length - 1));
    const start = Math.floor(rnd() * (M.length - len));
    const bStart = Math.floor(rnd() * Math.max(1, start - 1));
    out.push({
      from: M[start],
      to: M[start + len - 1],
      baseFrom: M[bStart],
      baseTo: M[Math.min(bStart + len - 1, M.length - 1)],
      ...(rnd() < 0.6 ? { state: pick(ctx.states) } : {}),
      ...(rnd() < 0.4 ? { naics2: pick(ctx.sectors) } : {}),
      ...(rnd() < 0.3 && ctx.skills.length ? { skill: pick(ctx.skills) } : {}),
      groupBy: Math.floor(rnd() * 3),
    });
  }
  return out;
}

type Q = Record<string, string>;
const common = (c: Combo): Q => ({ from: c.from, to: c.to, ...(c.state ? { region: `state:${c.state}` } : {}) });
const withNaics = (c: Combo): Q => ({ ...common(c), ...(c.naics2 ? { naics: c.naics2 } : {}) });
const monthStart = (m: string) => `${m}-01`;
const monthEnd = (m: string) => {
  const [y, mm] = m.split('-').map(Number);
  return mm === 12 ? `${y + 1}-01-01` : `${y}-${String(mm + 1).padStart(2, '0')}-01`;
};

interface Endpoint {
  path: string;
  query: (c: Combo, ctx: Ctx) => Q;
  duck?: (con: DuckDBConnection, c: Combo) => Promise<unknown>;
}

// DuckDB answers the same questions from the raw rows (the API's raw-path semantics).
function dWhere(c: Combo, opts: { naics?: boolean; alias?: string; noFrom?: boolean } = {}): { sql: string; values: string[] } {
  const a = opts.alias ? `${opts.alias}.` : '';
  const conds = opts.noFrom ? [`${a}posted_date < $1::DATE`] : [`${a}posted_date >= $1::DATE`, `${a}posted_date < $2::DATE`];
  const values = opts.noFrom ? [monthEnd(c.to)] : [monthStart(c.from), monthEnd(c.to)];
  if (c.state) {
    values.push(c.state);
    conds.push(`${a}state_fips = $${values.length}`);
  }
  if (opts.naics !== false && c.naics2) {
    values.push(c.naics2);
    conds.push(`left(${a}naics_code, 2) = $${values.length}`);
  }
  return { sql: conds.join(' AND '), values };
}
const run = (con: DuckDBConnection, sql: string, values: string[]) => con.runAndReadAll(sql, values);

const ENDPOINTS: Endpoint[] = [
  {
    path: 'postings',
    query: (c) => ({ ...withNaics(c), ...(c.groupBy === 1 ? { groupBy: 'naics2' } : c.groupBy === 2 ? { granularity: 'quarter' } : {}) }),
    duck: async (con, c) => {
      const w = dWhere(c);
      const all = dWhere(c, { noFrom: true });
      await Promise.all([
        run(con, `SELECT date_trunc('month', posted_date) m, count(*) FILTER (WHERE NOT is_duplicate), count(*) FROM jp WHERE ${all.sql} GROUP BY 1`, all.values),
        run(con, `SELECT date_trunc('month', greatest(coalesce(expires_date, last_seen_date, posted_date), posted_date)) m, count(*) FROM jp WHERE NOT is_duplicate AND ${all.sql} GROUP BY 1`, all.values),
        run(con, `SELECT quantile_disc(floor(salary_annual / 1000), 0.5), quantile_disc(greatest(coalesce(expires_date, last_seen_date, posted_date), posted_date) - posted_date, [0.5, 0.75]) FROM jp WHERE NOT is_duplicate AND ${w.sql}`, w.values),
      ]);
    },
  },
  {
    path: 'recognition',
    query: (c) => ({ ...withNaics(c), ...(c.groupBy === 1 ? { groupBy: 'naics2' } : {}) }),
    duck: async (con, c) => {
      const w = dWhere(c, { alias: 'p' });
      await run(con, `SELECT pc.credential_id, pc.level, count(*) FROM pc JOIN jp p ON p.id = pc.posting_id JOIN cs ON cs.credential_id = pc.credential_id AND cs.soc_code = p.soc_code WHERE NOT p.is_duplicate AND ${w.sql} GROUP BY 1, 2`, w.values);
      await run(con, `SELECT cs.credential_id, count(*) FROM jp p JOIN cs ON cs.soc_code = p.soc_code WHERE NOT p.is_duplicate AND ${w.sql} GROUP BY 1`, w.values);
      await run(con, `SELECT count(*), count(*) FILTER (WHERE degree_level >= 3), count(*) FILTER (WHERE degree_level = 0 OR in_lieu) FROM jp p WHERE NOT p.is_duplicate AND ${w.sql}`, w.values);
    },
  },
  {
    path: 'skill-gap',
    query: (c) => ({ ...common(c), ...(c.skill ? { skill: c.skill } : {}), ...(c.groupBy === 1 && c.skill ? { groupBy: 'month' } : {}) }),
    duck: async (con, c) => {
      const w = dWhere(c, { alias: 'p', naics: false });
      await run(con, `SELECT ps.skill_id, count(*) FROM ps JOIN jp p ON p.id = ps.posting_id WHERE NOT p.is_duplicate AND ${w.sql} GROUP BY 1`, w.values);
      const aw = [monthStart(c.from), monthEnd(c.to), ...(c.state ? [c.state] : [])];
      await run(con, `SELECT k.skill_id, count(*) FROM aw JOIN ck k ON k.credential_id = aw.credential_id WHERE award_date >= $1::DATE AND award_date < $2::DATE ${c.state ? 'AND state_fips = $3' : ''} GROUP BY 1`, aw);
    },
  },
  {
    path: 'program-demand',
    query: (c) => common(c),
    duck: async (con, c) => {
      const w = dWhere(c, { naics: false });
      await run(con, `SELECT soc_code, count(*) FROM jp WHERE NOT is_duplicate AND soc_code IS NOT NULL AND ${w.sql} GROUP BY 1`, w.values);
      const aw = [monthStart(c.from), monthEnd(c.to), ...(c.state ? [c.state] : [])];
      await run(con, `SELECT program_cip, count(*) FROM aw WHERE award_date >= $1::DATE AND award_date < $2::DATE ${c.state ? 'AND state_fips = $3' : ''} GROUP BY 1`, aw);
    },
  },
  {
    path: 'concentration',
    query: (c) => ({ ...common(c), ...(c.state ? {} : { groupBy: 'state', ...(c.naics2 ? { naics: c.naics2 } : {}) }), ...(c.groupBy === 1 ? { baseFrom: c.baseFrom, baseTo: c.baseTo } : {}) }),
    duck: async (con, c) => {
      const w = dWhere(c, { naics: false });
      const nation = dWhere({ ...c, state: undefined }, { naics: false });
      await run(con, `SELECT left(naics_code, 2), count(*) FROM jp WHERE NOT is_duplicate AND ${w.sql} GROUP BY 1`, w.values);
      await run(con, `SELECT left(naics_code, 2), count(*) FROM jp WHERE NOT is_duplicate AND ${nation.sql} GROUP BY 1`, nation.values);
    },
  },
  // The people endpoints. As for the endpoints above, DuckDB computes the counts and percentiles the
  // answer is made of; disclosure control (suppression, k), labels (names, titles) and the JSON
  // shaping are not part of the baseline.
  {
    path: 'outcomes',
    query: (c) => common(c),
    // groupBy credential (the default) and the total, at quarters 1, 2 and 4 after each earner's
    // first award of a credential. Percentiles: quantile_cont over the midpoints of the same $250
    // bins the API reads (outcomeFactsSql), so the figures are the API's.
    duck: async (con, c) => {
      const a = dAwards(c, 'ca');
      const earn = (t: string) => `CASE WHEN ${t}.wage IS NOT NULL THEN ${t}.wage WHEN NOT ${t}.employed THEN 0 END`;
      await run(
        con,
        `WITH f AS (
           SELECT ca.learner_key, ca.credential_id, date_trunc('quarter', ca.award_date)::DATE AS aq
           FROM aw ca WHERE ${a.sql} AND ${D_FIRST_AWARD}),
         b AS (
           SELECT f.*, (${earn('b1')} + ${earn('b2')}) / 2 AS base FROM f
           LEFT JOIN lo b1 ON b1.learner_key = f.learner_key AND b1.quarter = (f.aq - INTERVAL 3 MONTH)::DATE
           LEFT JOIN lo b2 ON b2.learner_key = f.learner_key AND b2.quarter = (f.aq - INTERVAL 6 MONTH)::DATE),
         x AS (
           SELECT b.credential_id, q.n AS q, o.learner_key IS NOT NULL AS has, coalesce(o.employed, false) AS employed,
                  CASE WHEN o.employed AND o.wage > 0 THEN floor(o.wage / 250) END AS wage_bin,
                  floor((${earn('o')} - b.base) / 250) AS change_bin
           FROM b CROSS JOIN (VALUES (1), (2), (4)) q(n)
           LEFT JOIN lo o ON o.learner_key = b.learner_key AND o.quarter = (b.aq + to_months(3 * q.n))::DATE)
         SELECT credential_id, q, count(*), count(*) FILTER (WHERE has), count(*) FILTER (WHERE employed), count(wage_bin), count(change_bin),
                quantile_cont(wage_bin * 250 + 125, [0.25, 0.5, 0.75]), quantile_cont(change_bin * 250 + 125, 0.5)
         FROM x GROUP BY GROUPING SETS ((credential_id, q), (q))`,
        a.values,
      );
    },
  },
  {
    path: 'equity',
    query: (c) => common(c),
    // every award (not only first awards) per group of each of the five dimensions (dimension=all,
    // the default), the total, and the region's population by group
    duck: async (con, c) => {
      const a = dAwards(c, 'ca');
      await Promise.all([
        run(
          con,
          `SELECT GROUPING(age_band, sex, race_ethnicity, low_income, rural) AS g, age_band, sex, race_ethnicity, low_income, rural, count(*)
           FROM (SELECT coalesce(ca.age_band, 'unknown') AS age_band, coalesce(ca.sex, 'unknown') AS sex, coalesce(ca.race_ethnicity, 'unknown') AS race_ethnicity,
                        coalesce(ca.low_income::VARCHAR, 'unknown') AS low_income, coalesce(co.rural::VARCHAR, 'unknown') AS rural
                 FROM aw ca LEFT JOIN co ON co.fips = ca.county_fips WHERE ${a.sql}) x
           GROUP BY GROUPING SETS ((age_band), (sex), (race_ethnicity), (low_income), (rural), ())`,
          a.values,
        ),
        run(con, `SELECT group_kind, group_value, population FROM rp WHERE region_kind = $1 AND region_code = $2`, c.state ? ['state', c.state] : ['us', 'us']),
      ]);
    },
  },
  {
    path: 'pathways',
    query: (c) => common(c),
    // per stacking pair (part -> whole): earners of the part in the period (first award of it), those
    // who earned the whole on or after it (first such award), exact median whole months between
    duck: async (con, c) => {
      const a = dAwards(c, 'ca');
      const months = `(year(first_b) - year(first_a)) * 12 + month(first_b) - month(first_a) - CASE WHEN day(first_b) < day(first_a) THEN 1 ELSE 0 END`;
      await run(
        con,
        `SELECT from_id, to_id, count(*), count(first_b), quantile_cont(${months}, 0.5)
         FROM (SELECT ca.credential_id AS from_id, s.whole_id AS to_id, ca.award_date AS first_a,
                      (SELECT min(b.award_date) FROM aw b WHERE b.learner_key = ca.learner_key AND b.credential_id = s.whole_id AND b.award_date >= ca.award_date) AS first_b
               FROM aw ca JOIN cst s ON s.part_id = ca.credential_id WHERE ${a.sql} AND ${D_FIRST_AWARD}) x
         GROUP BY 1, 2`,
        a.values,
      );
    },
  },
  {
    path: 'saturation',
    query: (c) => common(c),
    // view=skills (the default): awards per credential in the period and whether a posting (duplicates
    // included) named it, then per skill its aligned credentials, which of them were awarded, and
    // the unique postings requiring or preferring it (levels 1, 2) — two steps, as the API
    duck: async (con, c) => {
      const a = dAwards(c, 'ca');
      const p = dWhere(c, { alias: 'p', naics: false });
      const creds = await run(
        con,
        `WITH a AS (SELECT ca.credential_id AS id, count(*) AS awards FROM aw ca WHERE ${a.sql} GROUP BY 1)
         SELECT a.id, a.awards, EXISTS (SELECT 1 FROM pc JOIN jp p ON p.id = pc.posting_id WHERE pc.credential_id = a.id AND ${shift(p.sql, a.values.length)}) AS named
         FROM a ORDER BY 1`,
        [...a.values, ...p.values],
      );
      const ids = creds.getRows().map((r) => Number(r[0]));
      await run(
        con,
        `WITH n AS (SELECT ps.skill_id, count(*) AS n FROM ps JOIN jp p ON p.id = ps.posting_id WHERE ps.level IN (1, 2) AND NOT p.is_duplicate AND ${p.sql} GROUP BY 1)
         SELECT ck.skill_id, count(*), coalesce(max(n.n), 0), list(ck.credential_id ORDER BY ck.credential_id) FILTER (WHERE list_contains([${ids.join(', ')}]::BIGINT[], ck.credential_id))
         FROM ck LEFT JOIN n ON n.skill_id = ck.skill_id GROUP BY 1`,
        p.values,
      );
    },
  },
];

// Awards `alias` in the combo's period and state: the award state is its state, else its county's
// state (AWARD_STATE), as on the API's raw path for the people endpoints.
function dAwards(c: Combo, alias: string): { sql: string; values: string[] } {
  const values = [monthStart(c.from), monthEnd(c.to), ...(c.state ? [c.state] : [])];
  const conds = [`${alias}.award_date >= $1::DATE`, `${alias}.award_date < $2::DATE`];
  if (c.state) conds.push(`coalesce(${alias}.state_fips, left(${alias}.county_fips, 2), '--') = $3`);
  return { sql: conds.join(' AND '), values };
}
// `ca` is the learner's first award of its credential (earliest date, then lowest id: FIRST_AWARD)
const D_FIRST_AWARD = `NOT EXISTS (SELECT 1 FROM aw e WHERE e.learner_key = ca.learner_key AND e.credential_id = ca.credential_id
  AND (e.award_date < ca.award_date OR (e.award_date = ca.award_date AND e.id < ca.id)))`;
// renumbers $1.. placeholders by `by` (two filters' values in one statement)
const shift = (sql: string, by: number) => sql.replace(/\$(\d+)/g, (_, d: string) => `$${Number(d) + by}`);

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
}

async function generate(ds: DataSource, rows: number, awards: number, log: (m: string) => void): Promise<void> {
  await ds.query(
    `TRUNCATE posting_credential, posting_skill, job_posting, credential_award, learner_outcome, credential_stack, credential_skill, credential_soc, credential_naics, credential, provider RESTART IDENTITY CASCADE`,
  );
  await ds.query(`SELECT setseed(0.42)`);
  await ds.query(`INSERT INTO provider(source_key, name) SELECT 'bench-p' || g, 'Bench provider ' || g FROM generate_series(1, 20) g`);
  // 200 credentials, each targeting one detailed SOC, aligned to 3 skills and one sector
  await ds.query(`
    WITH s AS (SELECT array_agg(code ORDER BY code) a FROM soc WHERE level = 'detailed'),
         k AS (SELECT array_agg(id ORDER BY id) a FROM (SELECT id FROM skill WHERE canonical_id IS NULL ORDER BY id LIMIT 2000) x)
    INSERT INTO credential(source_key, name, type, is_micro, provider_id)
    SELECT 'bench-c' || g, 'Bench credential ' || g, 'certification', g % 10 <> 0, 1 + g % 20 FROM generate_series(1, 200) g`);
  await ds.query(`
    WITH s AS (SELECT array_agg(code ORDER BY code) a FROM soc WHERE level = 'detailed')
    INSERT INTO credential_soc SELECT c.id, s.a[1 + (c.id * 7) % array_length(s.a, 1)] FROM credential c, s`);
  await ds.query(`
    WITH k AS (SELECT array_agg(id ORDER BY id) a FROM (SELECT id FROM skill WHERE canonical_id IS NULL ORDER BY id LIMIT 2000) x)
    INSERT INTO credential_skill SELECT DISTINCT c.id, k.a[1 + (c.id * j * 13) % array_length(k.a, 1)] FROM credential c, k, generate_series(1, 3) j`);
  await ds.query(`INSERT INTO credential_naics SELECT c.id, n.code FROM credential c JOIN LATERAL (SELECT code FROM naics WHERE level = 2 ORDER BY code OFFSET c.id % 20 LIMIT 1) n ON true`);
  // The credential catalog the TRUNCATE above removed, loaded again now (after the bench's 200, which
  // keep ids 1-200) while there are no rows: else the next run's taxonomy check reloads it, moves its
  // skill links onto their concepts and rebuilds every rollup (a full refresh, 8-13 min at 10M).
  await loadTaxonomies(ds, log);

  // The generated tables' secondary indexes and unique keys are dropped while their rows go in and
  // built once afterwards (a sort each): kept, every row updated eight random places in job_posting's
  // indexes alone, and at 10M the inserts waited on evicting dirty index pages (1M postings per 3.4 min
  // at load ~10, the backend on a core a quarter of the time). Primary keys stay (ON CONFLICT below).
  await withoutIndexes(ds, ['job_posting', 'posting_skill', 'posting_credential', 'credential_award'], log, () => generateRows(ds, rows, awards, log));
  await ds.query('ANALYZE');
}

/** Runs `fill` with `tables`' indexes other than primary keys dropped, then builds them again (also when `fill` fails). */
async function withoutIndexes(ds: DataSource, tables: string[], log: (m: string) => void, fill: () => Promise<void>): Promise<void> {
  const unique: { tbl: string; name: string; def: string }[] = await ds.query(
    `SELECT c.conrelid::regclass::text AS tbl, c.conname AS name, pg_get_constraintdef(c.oid) AS def FROM pg_constraint c
     WHERE c.contype = 'u' AND c.conrelid::regclass::text = ANY($1) AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = c.conindid)`,
    [tables],
  );
  const plain: { name: string; def: string }[] = await ds.query(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def FROM pg_index i
     WHERE i.indrelid::regclass::text = ANY($1) AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
    [tables],
  );
  for (const u of unique) await ds.query(`ALTER TABLE ${u.tbl} DROP CONSTRAINT ${u.name}`);
  for (const i of plain) await ds.query(`DROP INDEX ${i.name}`);
  try {
    await fill();
  } finally {
    const t0 = Date.now();
    await ds.transaction(async (m) => {
      await m.query(`SET LOCAL maintenance_work_mem = '512MB'`);
      for (const u of unique) await m.query(`ALTER TABLE ${u.tbl} ADD CONSTRAINT ${u.name} ${u.def}`);
      for (const i of plain) await m.query(i.def);
    });
    log(`${unique.length + plain.length} indexes built again in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
}

async function generateRows(ds: DataSource, rows: number, awards: number, log: (m: string) => void): Promise<void> {
  // (skills are picked among concepts, `canonical_id IS NULL`: a link to a source skill folded into its
  // concept is moved by the next run's taxonomy check, which then rebuilds every rollup)
  const batch = 1_000_000;
  for (let lo = 1; lo <= rows; lo += batch) {
    const hi = Math.min(rows, lo + batch - 1);
    // skewed picks: power(random(), 2) over sorted code lists makes some codes far commoner, as in real data
    await ds.query(
      `WITH n AS (SELECT array_agg(code ORDER BY code) a FROM naics WHERE level = 6),
            s AS (SELECT array_agg(code ORDER BY code) a FROM soc WHERE level = 'detailed'),
            c AS (SELECT array_agg(fips ORDER BY fips) a FROM county)
       INSERT INTO job_posting (source_key, employer, title, naics_code, soc_code, county_fips, state_fips, posted_date, expires_date, last_seen_date,
                                salary_annual, degree_level, in_lieu, is_duplicate)
       SELECT 'b' || g, 'Employer ' || (g % 50000), 'Job ' || (g % 2000), naics, soc, cty, left(cty, 2), posted,
              CASE WHEN r1 < 0.8 THEN posted + (7 + floor(r2 * 80))::int END,
              CASE WHEN r1 >= 0.8 AND r1 < 0.9 THEN posted + (3 + floor(r2 * 40))::int END,
              CASE WHEN r3 < 0.6 THEN round(25000 + r2 * 150000) END,
              floor(power(r3, 1.5) * 5)::int, r4 < 0.15, r4 > 0.9
       FROM (SELECT g, n.a[1 + floor(power(random(), 2) * array_length(n.a, 1))::int] AS naics,
                    s.a[1 + floor(power(random(), 2) * array_length(s.a, 1))::int] AS soc,
                    c.a[1 + floor(power(random(), 2) * array_length(c.a, 1))::int] AS cty,
                    DATE '2023-01-01' + floor(random() * 1095)::int AS posted,
                    random() AS r1, random() AS r2, random() AS r3, random() AS r4
             FROM generate_series($1::bigint, $2::bigint) g, n, s, c) x`,
      [lo, hi],
    );
    log(`postings ${hi.toLocaleString('en-US')}`);
  }
  await ds.query(`
    WITH k AS (SELECT array_agg(id ORDER BY id) a FROM (SELECT id FROM skill WHERE canonical_id IS NULL ORDER BY id LIMIT 2000) x)
    INSERT INTO posting_skill (posting_id, skill_id, level)
    SELECT p.id, k.a[1 + floor(power(random(), 2) * array_length(k.a, 1))::int], 1 + floor(random() * 3)::int
    FROM job_posting p, k WHERE p.id % 5 < 3 ON CONFLICT DO NOTHING`);
  // 5% of postings name a credential targeting their SOC; 1% name a random one
  await ds.query(`
    INSERT INTO posting_credential (posting_id, credential_id, level)
    SELECT p.id, cs.credential_id, 1 + floor(random() * 3)::int FROM job_posting p JOIN credential_soc cs ON cs.soc_code = p.soc_code
    WHERE random() < 0.3 ON CONFLICT DO NOTHING`);
  await ds.query(`
    INSERT INTO posting_credential (posting_id, credential_id, level)
    SELECT p.id, 1 + floor(random() * 200)::int, 1 + floor(random() * 3)::int FROM job_posting p WHERE p.id % 100 = 7 ON CONFLICT DO NOTHING`);
  log('posting skills and credentials');
  await ds.query(
    `WITH c AS (SELECT array_agg(fips ORDER BY fips) a FROM county),
          p AS (SELECT array_agg(DISTINCT cip_code ORDER BY cip_code) a FROM cip_soc)
     INSERT INTO credential_award (source_key, learner_key, credential_id, award_date, county_fips, state_fips, program_cip, age_band, sex, race_ethnicity, low_income)
     SELECT 'ba' || g, 'bl' || (g % ($1::int / 2 + 1)), 1 + floor(power(random(), 2) * 200)::int, DATE '2023-01-01' + floor(random() * 1095)::int,
            cty, left(cty, 2), CASE WHEN random() < 0.7 THEN p.a[1 + floor(power(random(), 3) * array_length(p.a, 1))::int] END,
            (ARRAY['16-24', '25-34', '35-44', '45-54', '55+'])[1 + floor(power(random(), 1.5) * 5)::int],
            CASE WHEN random() < 0.01 THEN 'unknown' WHEN random() < 0.5 THEN 'female' ELSE 'male' END,
            (ARRAY['White', 'Hispanic or Latino', 'Black or African American', 'Asian', 'Two or more races', 'American Indian or Alaska Native'])[1 + floor(power(random(), 2) * 6)::int],
            random() < 0.35
     FROM (SELECT g, c.a[1 + floor(power(random(), 2) * array_length(c.a, 1))::int] AS cty FROM generate_series(1, $1::int) g, c) x, p`,
    [awards],
  );
  // 40 stacking pairs (part -> whole), and quarterly earnings for each learner from two quarters
  // before the first award to four after the last (60% of those quarters reported)
  await ds.query(`INSERT INTO credential_stack (part_id, whole_id) SELECT g, 100 + g FROM generate_series(1, 40) g`);
  await ds.query(`
    INSERT INTO learner_outcome (learner_key, quarter, employed, wage)
    SELECT learner_key, q, e, CASE WHEN e THEN round((4000 + w * 16000)::numeric, 2) END
    FROM (SELECT learner_key, q::date AS q, random() < 0.8 AS e, random() AS w, random() AS r
          FROM (SELECT learner_key, min(award_date) AS a0, max(award_date) AS a1 FROM credential_award GROUP BY 1) l,
               generate_series(date_trunc('quarter', l.a0) - interval '6 months', date_trunc('quarter', l.a1) + interval '12 months', interval '3 months') q) x
    WHERE r < 0.6`);
  log('awards and outcomes');
}

async function exportToDuckDb(url: string, dir: string): Promise<DuckDBConnection> {
  const tables: Record<string, string> = {
    jp: `SELECT id, naics_code, soc_code, county_fips, state_fips, posted_date, expires_date, last_seen_date, salary_annual, degree_level, in_lieu, is_duplicate FROM job_posting`,
    ps: `SELECT posting_id, skill_id, level FROM posting_skill`,
    pc: `SELECT posting_id, credential_id, level FROM posting_credential`,
    aw: `SELECT id, learner_key, credential_id, award_date, county_fips, state_fips, program_cip, age_band, sex, race_ethnicity, low_income FROM credential_award`,
    cs: `SELECT credential_id, soc_code FROM credential_soc`,
    ck: `SELECT credential_id, skill_id FROM credential_skill`,
    // outcomes, equity, pathways, saturation
    lo: `SELECT learner_key, quarter, employed, wage FROM learner_outcome`,
    cst: `SELECT part_id, whole_id FROM credential_stack`,
    cr: `SELECT id, provider_id, is_micro FROM credential`,
    co: `SELECT fips, rural FROM county`,
    rp: `SELECT region_kind, region_code, group_kind, group_value, population FROM region_population`,
  };
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const inst = await DuckDBInstance.create(':memory:');
  const con = await inst.connect();
  try {
    for (const [name, sql] of Object.entries(tables)) {
      const csv = join(dir, `${name}.csv`);
      await pipeline(client.query(copyTo(`COPY (${sql}) TO STDOUT WITH (FORMAT csv, HEADER true)`)), createWriteStream(csv));
      const parquet = join(dir, `${name}.parquet`);
      // codes keep their leading zeros: read them as text, not numbers
      const text = ['naics_code', 'soc_code', 'county_fips', 'state_fips', 'program_cip', 'skill_id', 'learner_key', 'fips', 'region_code', 'age_band', 'sex', 'race_ethnicity']
        .filter((c) => new RegExp(`\\b${c}\\b`).test(sql))
        .map((c) => `'${c}': 'VARCHAR'`);
      // flags stay BOOLEAN even where the sniffer sees too few values to tell (an empty table)
      const flags = ['low_income', 'employed', 'is_micro', 'rural'].filter((c) => new RegExp(`\\b${c}\\b`).test(sql)).map((c) => `'${c}': 'BOOLEAN'`);
      const types = text.length + flags.length ? `, types = {${[...text, ...flags].join(', ')}}` : '';
      await con.run(`COPY (SELECT * FROM read_csv('${csv}', header = true, auto_detect = true${types})) TO '${parquet}' (FORMAT parquet)`);
      rmSync(csv);
      await con.run(`CREATE VIEW ${name} AS SELECT * FROM read_parquet('${parquet}')`);
    }
  } finally {
    await client.end();
  }
  return con;
}
