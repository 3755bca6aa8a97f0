import type { EquityDimensionName } from '@credpulse/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import { ALL_CHANGES, CATALOGUE, columnsOf, keysOf, rollupsChangedBy, ROLLUP_NAMES, ROLLUP_TABLES, type Change, type RollupName } from './catalogue.js';
import { FACTS, factsOver, POSTING_END, type FactDecl, type FactName } from './facts.js';
import { AWARD_STATE, DIMENSION_SQL, factHist, outcomeFactsSql, pathwayFactsSql } from './people-facts.js';

export interface RefreshOptions {
  /**
   * Earliest date (YYYY-MM-DD) whose postings or awards changed; months from its month on are
   * recomputed. Omit for a full rebuild.
   */
  since?: string;
  /**
   * Which data changed: only their rollups are recomputed (a postings file leaves the award and
   * outcome rollups alone). Omit for all. Catalog changes (credential target SOCs, stacks) need all.
   */
  facts?: readonly Change[];
  /** Told the time of each step (a rollup's fill, ANALYZE): the benchmark prints where a refresh spends. */
  onStep?: (step: string, ms: number) => void;
}

export interface RefreshResult {
  since: string | null;
  ms: number;
}

const FROM_MONTH = `date_trunc('month', $1::date)`;
/** The `since` of a full refresh. */
const FULL_SINCE = '0001-01-01';
/**
 * work_mem of a refresh's transaction: with the default 4 MB the fills sorted their fact rows on disk
 * (rollup_posting_credential over 100k postings: two external merges, 3.7 s; hashed with 64 MB, 3.2 s
 * at load 15). A refresh runs one statement at a time, one refresh at a time.
 */
const GROUP_WORK_MEM = '64MB';
/** The posting columns the posting facts read (facts.ts): a copy of postings with these serves factsOver(copy). */
const POSTING_FACT_COLUMNS = ['id', 'posted_date', 'expires_date', 'last_seen_date', 'state_fips', 'county_fips', 'naics_code', 'soc_code', 'soc_source', 'degree_level', 'in_lieu', 'is_duplicate', 'salary_annual'];

/** The statements that fill one rollup for the months from `$1` on (its old rows already deleted). */
function fillStatements(name: RollupName, facts: Record<FactName, FactDecl> = FACTS): string[] {
  const d = CATALOGUE[name];
  const cols = columnsOf(name).map(([c]) => c);
  const keys = keysOf(name);
  const grain = Object.keys(d.grain);
  const order = d.indexes[0].keys.map((k) => keys.indexOf(k) + 1).join(', ');
  const groupBy = keys.map((_, i) => i + 1).join(', ');
  const sums = d.measures.map((m) => `sum(${m})`).join(', ');
  const insert = `INSERT INTO ${d.table} (${cols.join(', ')})`;
  const nation = () => {
    const g = grain.length ? `, ${grain.join(', ')}` : '';
    return `${insert} SELECT month, 'US'${g}, ${sums} FROM ${d.table} WHERE month >= ${FROM_MONTH} AND state_fips <> 'US' GROUP BY month${g} ORDER BY month`;
  };
  if ('sumOf' in d.from) {
    // a narrower copy: the wider rollup's rows (state and national alike) summed; national rows
    // summed from the states when the wider one has none
    const wider = CATALOGUE[d.from.sumOf];
    if (wider.region !== d.region && !(wider.region === 'summed' && d.region === 'states')) throw new Error(`${d.table}: a narrower copy of ${wider.table} has its regions`);
    return [
      `${insert} SELECT ${keys.join(', ')}, ${sums} FROM ${wider.table} WHERE month >= ${FROM_MONTH} GROUP BY ${groupBy} ORDER BY ${order}`,
      ...(wider.region === 'summed' ? [nation()] : []),
    ];
  }
  if (!('fact' in d.from || 'facts' in d.from)) return [];
  const names = 'fact' in d.from ? [d.from.fact] : d.from.facts;
  const where = 'fact' in d.from ? (d.from.where ?? []) : [];
  // several facts share their columns (each gives 0 for the others' measures)
  const rows = names.map((f) => facts[f].sql).join('\nUNION ALL\n');
  const state = d.region === 'nation' ? `'US'` : 'state_fips';
  const stmts = [
    `${insert} SELECT date_trunc('month', month)::date, ${state}, ${[...grain, sums].join(', ')}
     FROM (${rows}) x ${['month >= ' + FROM_MONTH, ...where].map((c, i) => `${i ? 'AND' : 'WHERE'} ${c}`).join(' ')}
     GROUP BY ${groupBy} ORDER BY ${order}`,
  ];
  if (d.region === 'states') stmts.push(nation());
  return stmts;
}

/**
 * Rebuilds the analytics rollups (all months, or months from `since` on) in one transaction: the
 * rollups of the data that changed, each from its declaration (catalogue.ts), wider before narrower.
 * Call after every ingest and after the demo load: `await refreshRollups(ds, { since: '2025-03-01' })`.
 */
export async function refreshRollups(ds: DataSource, opts: RefreshOptions = {}): Promise<RefreshResult> {
  if (opts.since !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(opts.since)) throw new Error(`refreshRollups: since must be YYYY-MM-DD (got ${opts.since})`);
  const t0 = Date.now();
  const since = opts.since ?? FULL_SINCE;
  const changed = new Set(opts.facts ?? ALL_CHANGES);
  // awards change the earners of outcomes too
  if (changed.has('awards')) changed.add('outcomes');
  const names = ROLLUP_NAMES.filter((n) => changed.has(CATALOGUE[n].changes));
  await ds.transaction(async (m) => {
    // a refresh at scale takes minutes: exempt from the server's statement_timeout
    await m.query('SET LOCAL statement_timeout = 0');
    // One refresh at a time: two concurrent refreshes would double-count.
    await m.query('LOCK TABLE rollup_state IN EXCLUSIVE MODE');
    await m.query(`SET LOCAL work_mem = '${GROUP_WORK_MEM}'`);
    const step = async <T>(label: string, work: () => Promise<T>): Promise<T> => {
      const s0 = Date.now();
      const r = await work();
      opts.onStep?.(label, Date.now() - s0);
      return r;
    };
    const run = (label: string, sql: string) => step(label, () => m.query(sql, [since]));
    for (const n of names) if (!('custom' in CATALOGUE[n].from)) await run(`${CATALOGUE[n].table} delete`, `DELETE FROM ${CATALOGUE[n].table} WHERE month >= ${FROM_MONTH}`);
    // An incremental refresh of the postings copies the postings of the months it recomputes (posted
    // or ended from `since` on) without their text, once: every posting rollup's facts then read
    // that copy instead of job_posting's wide rows (a month's postings are spread over its whole
    // heap: each fill re-read ~16k pages at 1M postings). Not analyzed: the plans are as good
    // without (a nested loop into the mention keys) and ANALYZE cost ~1 s of a 16 s refresh at load 28.
    let facts = FACTS;
    if (opts.since !== undefined && changed.has('postings')) {
      await run(
        'postings copy',
        `CREATE TEMP TABLE refresh_posting ON COMMIT DROP AS
         SELECT ${POSTING_FACT_COLUMNS.map((c) => `p.${c}`).join(', ')}
         FROM job_posting p WHERE p.posted_date >= ${FROM_MONTH} OR (NOT p.is_duplicate AND ${POSTING_END} >= ${FROM_MONTH})`,
      );
      facts = factsOver('refresh_posting');
    }
    for (const n of names) for (const [i, sql] of fillStatements(n, facts).entries()) await run(`${CATALOGUE[n].table} ${i ? 'nation' : 'fill'}`, sql);
    if (facts !== FACTS) await m.query('DROP TABLE refresh_posting');
    if (names.includes('equity')) await step('equity', () => refreshEquity(m, since));
    if (names.includes('outcome')) await step('outcomes', () => refreshOutcomes(m, since));
    if (names.includes('pathway')) await step('pathways', () => refreshPathways(m));
    await m.query(
      `INSERT INTO rollup_state(name, refreshed_at, since) VALUES ('all', now(), $1)
       ON CONFLICT (name) DO UPDATE SET refreshed_at = now(), since = EXCLUDED.since`,
      [opts.since ?? null],
    );
    // Fresh statistics for the planner after a full rebuild: with stale ones it misjudged a national
    // year of rollup rows by four orders of magnitude (7 estimated, 85k read) and sorted them on disk.
    // An incremental refresh replaces a few months of rows, which leaves the distributions as they
    // were (months past the statistics' range are estimated through the month index); autovacuum
    // analyzes a table once a tenth of it changed. ANALYZE was 8 of the 22 s of a last-month
    // postings refresh at 1M postings (load 25).
    if (opts.since === undefined) for (const n of names) await step(`${CATALOGUE[n].table} analyze`, () => m.query(`ANALYZE ${CATALOGUE[n].table}`));
  });
  return { since: opts.since ?? null, ms: Date.now() - t0 };
}

/** What a postings load changed: its new postings, and the earlier ones whose duplicate flag its dedup changed. */
export interface PostingChange {
  /** The load's run and the posting ids it drew (its rows are the run's within them). */
  runId: number;
  minId: number;
  maxId: number;
  /** Postings stored before the load whose is_duplicate the load's dedup flipped (their other columns are unchanged). */
  flipped: readonly string[];
}

type Query = (sql: string, params?: unknown[]) => Promise<unknown[]>;

/**
 * The statements that add a change's counts into one rollup: the change's rows grouped by the
 * rollup's keys into `delta_<table>` (the new postings' facts counted, flipped postings' facts as
 * they were subtracted, keys whose measures net to zero left out; national rows the sum of the
 * states'; a narrower copy the wider one's delta summed), then added into the rollup's rows of the
 * same keys (INSERT ... ON CONFLICT on `<table>_key_idx`). Rows left with every measure zero are
 * deleted, as a full rebuild would not have them.
 */
function deltaStatements(name: RollupName, plus: Record<FactName, FactDecl>, minus: Record<FactName, FactDecl> | undefined): string[] {
  const d = CATALOGUE[name];
  const keys = keysOf(name);
  const grain = Object.keys(d.grain);
  const dt = `delta_${d.table}`;
  const groupBy = keys.map((_, i) => i + 1).join(', ');
  const sums = d.measures.map((m) => `sum(${m}) AS ${m}`).join(', ');
  const nonzero = `HAVING ${d.measures.map((m) => `sum(${m}) <> 0`).join(' OR ')}`;
  const g = grain.length ? `, ${grain.join(', ')}` : '';
  const nation = `INSERT INTO ${dt} SELECT month, 'US'${g}, ${sums} FROM ${dt} GROUP BY month${g} ${nonzero}`;
  const stmts = [`DROP TABLE IF EXISTS pg_temp.${dt}`];
  if ('sumOf' in d.from) {
    const wider = CATALOGUE[d.from.sumOf];
    stmts.push(`CREATE TEMP TABLE ${dt} ON COMMIT DROP AS SELECT ${keys.join(', ')}, ${sums} FROM delta_${wider.table} GROUP BY ${groupBy} ${nonzero}`);
    if (wider.region === 'summed' && d.region === 'states') stmts.push(nation);
  } else if ('fact' in d.from || 'facts' in d.from) {
    const names = 'fact' in d.from ? [d.from.fact] : d.from.facts;
    const where = 'fact' in d.from && d.from.where?.length ? `WHERE ${d.from.where.join(' AND ')}` : '';
    const state = d.region === 'nation' ? `'US'` : 'state_fips';
    const branch = (facts: Record<FactName, FactDecl>, sign: string) =>
      names.map((f) => `SELECT month, ${state} AS state_fips${g}, ${d.measures.map((m) => `${sign}${m} AS ${m}`).join(', ')} FROM (${facts[f].sql}) x ${where}`);
    const rows = [...branch(plus, ''), ...(minus ? branch(minus, '-') : [])].join('\nUNION ALL\n');
    stmts.push(`CREATE TEMP TABLE ${dt} ON COMMIT DROP AS SELECT date_trunc('month', month)::date AS month, state_fips${g}, ${sums} FROM (${rows}) y GROUP BY ${groupBy} ${nonzero}`);
    if (d.region === 'states') stmts.push(nation);
  } else throw new Error(`${d.table}: a custom rollup has no delta`);
  const cols = [...keys, ...d.measures].join(', ');
  stmts.push(
    `INSERT INTO ${d.table} AS t (${cols}) SELECT ${cols} FROM ${dt} ORDER BY ${keys.join(', ')}
     ON CONFLICT (${keys.join(', ')}) DO UPDATE SET ${d.measures.map((m) => `${m} = t.${m} + EXCLUDED.${m}`).join(', ')}`,
  );
  if (minus) stmts.push(`DELETE FROM ${d.table} t USING ${dt} x WHERE ${keys.map((k) => `t.${k} = x.${k}`).join(' AND ')} AND ${d.measures.map((m) => `t.${m} = 0`).join(' AND ')}`);
  return stmts;
}

/** The rollups a postings load changes, wider before narrower (declaration order); all are fact groupings or their sums. */
export const POSTING_ROLLUPS: readonly RollupName[] = rollupsChangedBy('postings');

/**
 * Adds a postings load into the posting rollups (issue 15: a refresh proportional to what changed):
 * every posting rollup's measures are counts, so the load's own facts, grouped, are added into the
 * rows of their keys, and the facts of earlier postings whose duplicate flag the load flipped are
 * subtracted as they were and added as they are. The cost follows the load (its postings, their
 * mentions, the keys they touch through `<table>_key_idx`), not the months it spans nor the rows
 * already stored. Runs on the caller's connection, inside the load's transaction, so the rollups
 * commit with the rows (and a concurrent refreshRollups, which takes the same lock, either sees both
 * or neither). Returns false, having changed nothing, when no refresh has built the rollups yet
 * (rollup_state has no row): rollups never built are not known to agree with the facts, so the
 * caller refreshes the months instead.
 */
export async function addPostingDelta(query: Query, change: PostingChange, onStep?: RefreshOptions['onStep']): Promise<boolean> {
  const step = async (label: string, sql: string, params?: unknown[]) => {
    const s0 = Date.now();
    const r = await query(sql, params);
    onStep?.(label, Date.now() - s0);
    return r;
  };
  await query('LOCK TABLE rollup_state IN EXCLUSIVE MODE');
  if ((await query(`SELECT 1 FROM rollup_state WHERE name = 'all'`)).length === 0) return false;
  // the groupings hash in memory rather than sort on disk (GROUP_WORK_MEM)
  await query(`SET LOCAL work_mem = '${GROUP_WORK_MEM}'`);
  const cols = POSTING_FACT_COLUMNS.join(', ');
  await query('DROP TABLE IF EXISTS pg_temp.delta_posting_new, pg_temp.delta_posting_old');
  await step(
    'new postings',
    `CREATE TEMP TABLE delta_posting_new ON COMMIT DROP AS
     SELECT ${cols} FROM job_posting WHERE (id BETWEEN $2 AND $3 AND ingest_run_id = $1) OR id = ANY($4::bigint[])`,
    [change.runId, change.minId, change.maxId, change.flipped],
  );
  // the planner's row count for the joins into the mention tables' primary keys (a temp table has no statistics)
  await step('new postings analyze', 'ANALYZE delta_posting_new');
  const minus = change.flipped.length > 0;
  if (minus) {
    const old = POSTING_FACT_COLUMNS.map((c) => (c === 'is_duplicate' ? 'NOT is_duplicate AS is_duplicate' : c)).join(', ');
    await step('flipped postings', `CREATE TEMP TABLE delta_posting_old ON COMMIT DROP AS SELECT ${old} FROM job_posting WHERE id = ANY($1::bigint[])`, [change.flipped]);
    await query('ANALYZE delta_posting_old');
  }
  const plus = factsOver('delta_posting_new');
  const before = minus ? factsOver('delta_posting_old') : undefined;
  for (const n of POSTING_ROLLUPS) for (const [i, sql] of deltaStatements(n, plus, before).entries()) await step(`${CATALOGUE[n].table} ${i}`, sql);
  for (const n of POSTING_ROLLUPS) await query(`DROP TABLE delta_${CATALOGUE[n].table}`);
  await query(`DROP TABLE delta_posting_new${minus ? ', delta_posting_old' : ''}`);
  await query(`UPDATE rollup_state SET refreshed_at = now() WHERE name = 'all'`);
  return true;
}

/** Exact row counts of the rollup tables (a full count: for benchmarks and diagnostics, not per refresh). */
export async function rollupRowCounts(ds: DataSource): Promise<Record<string, number>> {
  const rows: Record<string, number> = {};
  for (const t of ROLLUP_TABLES) rows[t] = (await ds.query(`SELECT count(*)::int AS n FROM ${t}`))[0].n;
  return rows;
}

/**
 * Equity: awards per month, state and group (national rows 'US') and per month, credential and
 * group nationally, from one scan of the awards with hashed grouping sets (work_mem raised for this
 * statement's transaction only: with the default the planner sorts 2M rows a dozen times). An award
 * counts in the month of its award_date only. rural is read from the county table as it is now.
 */
async function refreshEquity(m: EntityManager, since: string): Promise<void> {
  const [eq, eqc] = [CATALOGUE.equity.table, CATALOGUE.equityCredential.table];
  await m.query(`DELETE FROM ${eq} WHERE month >= ${FROM_MONTH}`, [since]);
  await m.query(`DELETE FROM ${eqc} WHERE month >= ${FROM_MONTH}`, [since]);
  const dims = Object.keys(DIMENSION_SQL) as EquityDimensionName[];
  const which = dims.map((d) => `WHEN GROUPING(${d}) = 0 THEN`);
  const sets = (key: string) => [`(month, ${key})`, ...dims.map((d) => `(month, ${key}, ${d})`)].join(', ');
  const [{ work_mem: workMem }] = await m.query(`SELECT current_setting('work_mem') AS work_mem`);
  await m.query(`SET LOCAL work_mem = '64MB'`);
  await m.query(
    `WITH g AS MATERIALIZED (
       SELECT month, st, credential_id, GROUPING(st) = 0 AS by_state,
              CASE ${which.map((w, i) => `${w} '${dims[i]}'`).join(' ')} ELSE '*' END AS dimension,
              CASE ${which.map((w, i) => `${w} ${dims[i]}`).join(' ')} ELSE '*' END AS grp,
              count(*)::int AS n
       FROM (SELECT date_trunc('month', ca.award_date)::date AS month, ${AWARD_STATE} AS st, ca.credential_id,
                    ${dims.map((d) => `${DIMENSION_SQL[d]} AS ${d}`).join(', ')}
             FROM credential_award ca LEFT JOIN county co ON co.fips = ca.county_fips
             WHERE ca.award_date >= ${FROM_MONTH}) a
       GROUP BY GROUPING SETS (${sets('credential_id')}, ${sets('st')})
     ),
     c AS (
       INSERT INTO ${eqc} (month, credential_id, dimension, grp, n)
       SELECT month, credential_id, dimension, grp, n FROM g WHERE NOT by_state ORDER BY credential_id, month
     )
     INSERT INTO ${eq} (month, state_fips, dimension, grp, n)
     SELECT * FROM (
       SELECT month, st, dimension, grp, n FROM g WHERE by_state
       UNION ALL
       SELECT month, 'US', dimension, grp, sum(n) FROM g WHERE by_state GROUP BY month, dimension, grp
     ) x ORDER BY 2, 1`,
    [since],
  );
  await m.query(`SELECT set_config('work_mem', $1, true)`, [workMem]);
}

/**
 * Outcomes: an award changed at `since` moves an earner within months >= since; an outcome record of
 * quarter Q changes the earners awarded from Q-4 to Q+2 quarters. So months from four quarters
 * before since's quarter on are recomputed, from one pass over the earner facts.
 */
async function refreshOutcomes(m: EntityManager, since: string): Promise<void> {
  const [out, bins] = [CATALOGUE.outcome.table, CATALOGUE.outcomeBins.table];
  const from = `(date_trunc('quarter', $1::date) - interval '12 months')::date`;
  const run = (sql: string) => m.query(sql, [since]);
  await run(`DELETE FROM ${out} WHERE month >= ${from}`);
  await run(`DELETE FROM ${bins} WHERE month >= ${from}`);
  await m.query('DROP TABLE IF EXISTS pg_temp.outcome_fact');
  await run(`CREATE TEMP TABLE outcome_fact ON COMMIT DROP AS ${outcomeFactsSql([`ca.award_date >= ${from}`])}`);
  const keys = keysOf('outcome').join(', ');
  await m.query(`
    INSERT INTO ${out} (${keys}, earners, with_data, employed, wage_n, change_n)
    SELECT ${keys}, count(*), count(*) FILTER (WHERE has), count(*) FILTER (WHERE employed), count(wage_bin), count(change_bin)
    FROM outcome_fact GROUP BY 1, 2, 3, 4 ORDER BY 2, 1`);
  await run(`
    INSERT INTO ${out} (${keys}, earners, with_data, employed, wage_n, change_n)
    SELECT month, 'US', credential_id, q, sum(earners), sum(with_data), sum(employed), sum(wage_n), sum(change_n)
    FROM ${out} WHERE month >= ${from} AND state_fips <> 'US' GROUP BY month, credential_id, q ORDER BY 1`);
  // bins per state and nationally ('US') from one grouping of the histogram facts
  await m.query(`
    INSERT INTO ${bins} (${keys}, kind, bins, ns)
    SELECT month, st, credential_id, q, kind, array_agg(bin ORDER BY bin), array_agg(n ORDER BY bin)
    FROM (SELECT month, COALESCE(state_fips, 'US') AS st, credential_id, q, kind, bin, count(*)::int AS n
          FROM (${factHist('outcome_fact', keys)}) h GROUP BY GROUPING SETS ((month, state_fips, credential_id, q, kind, bin), (month, credential_id, q, kind, bin))) g
    GROUP BY 1, 2, 3, 4, 5 ORDER BY 2, 1`);
  await m.query('DROP TABLE outcome_fact');
  const [{ f }] = await m.query(`SELECT to_char(${from}, 'YYYY-MM-DD') AS f`, [since]);
  await refreshOutcomeCum(m, since === FULL_SINCE ? undefined : f);
}

/**
 * The cumulative national outcome rows (catalogue outcomeCum) from the national monthly rows of the
 * outcome rollups: for every credential and quarter after the award, one row per month from its
 * first earner's month to the rollups' last month, holding the sums of every month up to it. From
 * `fromMonth` ('YYYY-MM-01', the first month the outcomes refresh recomputed) on, each key starting
 * from its latest row before it; all of them without. Summed here in one ordered pass (the same in
 * SQL expanded each bin over the months it lasts: 2.4M rows to sort at 1M postings, 19 s at load 12).
 */
export async function refreshOutcomeCum(m: EntityManager, fromMonth?: string): Promise<void> {
  const [out, bins, cum] = [CATALOGUE.outcome.table, CATALOGUE.outcomeBins.table, CATALOGUE.outcomeCum.table];
  const params = fromMonth ? [fromMonth] : [];
  if (fromMonth) {
    // the months before fromMonth were never filled (an emptied table): all of them, then
    const [{ gap }] = await m.query(
      `SELECT NOT EXISTS (SELECT 1 FROM ${cum} WHERE month < $1::date) AND EXISTS (SELECT 1 FROM ${out} WHERE state_fips = 'US' AND month < $1::date) AS gap`,
      params,
    );
    if (gap) return refreshOutcomeCum(m);
  }
  const since = fromMonth ? 'AND month >= $1::date' : '';
  await m.query(`DELETE FROM ${cum} ${fromMonth ? 'WHERE month >= $1::date' : ''}`, params);
  const [{ last: lastMonth }] = await m.query(`SELECT to_char(max(month), 'YYYY-MM') AS last FROM ${out} WHERE state_fips = 'US'`);
  if (!lastMonth) return;
  type Sums = { m: string; c: number; q: number; e: number; d: number; em: number; w: number; ch: number };
  const base: (Sums & { wb: number[]; wn: number[]; cb: number[]; cn: number[] })[] = fromMonth
    ? await m.query(
        `SELECT DISTINCT ON (credential_id, q) to_char(month, 'YYYY-MM') AS m, credential_id AS c, q, earners AS e, with_data AS d,
                employed AS em, wage_n AS w, change_n AS ch, wage_bins AS wb, wage_ns AS wn, change_bins AS cb, change_ns AS cn
         FROM ${cum} WHERE month < $1::date AND state_fips = 'US' ORDER BY credential_id, q, month DESC`,
        params,
      )
    : [];
  const counts: Sums[] = await m.query(
    `SELECT to_char(month, 'YYYY-MM') AS m, credential_id AS c, q, earners AS e, with_data AS d, employed AS em, wage_n AS w, change_n AS ch
     FROM ${out} WHERE state_fips = 'US' ${since} ORDER BY credential_id, q, month`,
    params,
  );
  const hist: { m: string; c: number; q: number; kind: number; bins: number[]; ns: number[] }[] = await m.query(
    `SELECT to_char(month, 'YYYY-MM') AS m, credential_id AS c, q, kind, bins, ns FROM ${bins} WHERE state_fips = 'US' ${since} ORDER BY credential_id, q, month, kind`,
    params,
  );
  const index = (ym: string) => Number(ym.slice(0, 4)) * 12 + Number(ym.slice(5, 7)) - 1;
  const monthOf = (i: number) => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01`;
  const last = index(lastMonth);
  // every bin in one dense range (wage and change bins span a few hundred)
  let lo = Infinity;
  let hi = -Infinity;
  const span = (b: number[]) => {
    if (b.length) [lo, hi] = [Math.min(lo, b[0]), Math.max(hi, b[b.length - 1])];
  };
  for (const r of hist) span(r.bins);
  for (const r of base) [r.wb, r.cb].forEach(span);
  const width = hi >= lo ? hi - lo + 1 : 0;
  // the occupied bins and their counts as array literals (joined here: pg's own array serialiser cost seconds)
  const literal = (h: Float64Array): [string, string] => {
    const b: number[] = [];
    const n: number[] = [];
    for (let j = 0; j < width; j++) {
      if (h[j] <= 0) continue;
      b.push(j + lo);
      n.push(h[j]);
    }
    return [`{${b.join(',')}}`, `{${n.join(',')}}`];
  };
  const rows: unknown[][] = [];
  const types = ['date', 'int', 'smallint', 'int', 'int', 'int', 'int', 'int', 'int[]', 'int[]', 'int[]', 'int[]'];
  const flush = async (all: boolean) => {
    while (rows.length >= 2000 || (all && rows.length)) {
      const params: unknown[] = [];
      const values = rows.splice(0, 2000).map((r) => `(${r.map((v, t) => `$${params.push(v)}::${types[t]}`).join(', ')})`);
      await m.query(
        `INSERT INTO ${cum} (month, credential_id, q, earners, with_data, employed, wage_n, change_n, wage_bins, wage_ns, change_bins, change_ns, state_fips)
         SELECT v.*, 'US' FROM (VALUES ${values.join(', ')}) v`,
        params,
      );
    }
  };
  const before = (a: { c: number; q: number }, b: { c: number; q: number }) => a.c < b.c || (a.c === b.c && a.q < b.q);
  const same = (a: { c: number; q: number }, b: { c: number; q: number }) => a.c === b.c && a.q === b.q;
  let [i, h, k] = [0, 0, 0];
  while (i < counts.length || k < base.length) {
    // the next key of the monthly rows or of the rows before fromMonth
    const key = k < base.length && (i >= counts.length || !before(counts[i], base[k])) ? base[k] : counts[i];
    const sums = [0, 0, 0, 0, 0];
    const wage = new Float64Array(width);
    const change = new Float64Array(width);
    let start: number;
    if (k < base.length && same(base[k], key)) {
      const b = base[k++];
      [b.e, b.d, b.em, b.w, b.ch].forEach((x, t) => (sums[t] = x));
      b.wb.forEach((x, t) => (wage[x - lo] = b.wn[t]));
      b.cb.forEach((x, t) => (change[x - lo] = b.cn[t]));
      start = index(b.m) + 1;
    } else start = index(counts[i].m);
    while (h < hist.length && before(hist[h], key)) h++;
    for (let month = start; month <= last; month++) {
      if (i < counts.length && same(counts[i], key) && index(counts[i].m) === month) {
        const r = counts[i++];
        [r.e, r.d, r.em, r.w, r.ch].forEach((x, t) => (sums[t] += x));
      }
      for (; h < hist.length && same(hist[h], key) && index(hist[h].m) === month; h++) {
        const into = hist[h].kind === 1 ? wage : change;
        hist[h].bins.forEach((x, t) => (into[x - lo] += hist[h].ns[t]));
      }
      rows.push([monthOf(month), key.c, key.q, ...sums, ...literal(wage), ...literal(change)]);
    }
    while (i < counts.length && same(counts[i], key)) i++; // none left (months past the last): never
    await flush(false);
  }
  await flush(true);
}

/**
 * At start-up, after the migrations: fills the cumulative outcome rollup when it is empty while the
 * outcome rollups hold rows (the migration that created it leaves it empty; a refresh fills it from
 * then on). Returns whether it filled it.
 */
export async function fillEmptyDerivedRollups(ds: DataSource): Promise<boolean> {
  const [{ fill }] = await ds.query(
    `SELECT NOT EXISTS (SELECT 1 FROM ${CATALOGUE.outcomeCum.table}) AND EXISTS (SELECT 1 FROM ${CATALOGUE.outcome.table} WHERE state_fips = 'US') AS fill`,
  );
  if (!fill) return false;
  await ds.transaction(async (m) => {
    await m.query('SET LOCAL statement_timeout = 0');
    // as a refresh: not beside another one
    await m.query('LOCK TABLE rollup_state IN EXCLUSIVE MODE');
    await m.query(`SET LOCAL work_mem = '${GROUP_WORK_MEM}'`);
    await refreshOutcomeCum(m);
  });
  return true;
}

/**
 * Pathways: a learner's award of a whole at any date changes the row of their part award, which can
 * be in any earlier month, so the table is rebuilt whole on every refresh of the awards.
 */
async function refreshPathways(m: EntityManager): Promise<void> {
  const t = CATALOGUE.pathway.table;
  await m.query(`DELETE FROM ${t}`);
  await m.query(`
    INSERT INTO ${t} (month, state_fips, from_id, to_id, months, n)
    SELECT month, state_fips, from_id, to_id, months, count(*) FROM (${pathwayFactsSql([])}) x GROUP BY 1, 2, 3, 4, 5`);
  await m.query(`
    INSERT INTO ${t} (month, state_fips, from_id, to_id, months, n)
    SELECT month, 'US', from_id, to_id, months, sum(n) FROM ${t} GROUP BY month, from_id, to_id, months`);
}
