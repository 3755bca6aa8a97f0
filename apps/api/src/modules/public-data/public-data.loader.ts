import type { PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import type { IngestIssue, PublicDataLoadResult, PublicDataset } from '@credpulse/contracts';
import {
  parseIpedsCompletions,
  parseIpedsInstitutions,
  parseOews,
  parseProjections,
  PublicDataFileError,
  type IpedsCompletionRecord,
  type IpedsInstitutionRecord,
  type OewsEstimateRecord,
  type ParsedTable,
  type ProjectionRecord,
} from '@credpulse/ingest';
import { touchDataAsOf } from '../../core/meta.service.js';
import { refreshPublicDemand } from '../program-demand/public-demand.refresh.js';
import { BulkWriter, cols, detectBulkMode, type Cell, type Column } from '../demo/bulk-writer.js';
import { PUBLIC_DATA_ROLLUPS } from '../analytics/catalogue/catalogue.js';

export interface PublicDataInput {
  dataset: PublicDataset;
  /** Name reported in errors and recorded as the vintage's source. */
  file: string;
  source: AsyncIterable<Buffer | string>;
  /** Vintage year when the file name does not say it (IPEDS year, OEWS May year, projections base year). */
  year?: number;
}

/** At most this many errors and warnings are listed per file (the counts are always complete). */
const MAX_ISSUES = 1000;
const BATCH = 20_000;

interface Plan<R> {
  table: string;
  /** SQL deleting the vintage's rows; $1 is the vintage. */
  vintageColumn: string;
  vintageValue: (v: string) => string | number;
  columns: Column[];
  row: (r: R, vintage: string) => Cell[];
  /** For area-keyed datasets: the area a record replaces. */
  areaOf?: (r: R) => string;
}

const PLANS = {
  'ipeds-institutions': {
    table: 'ipeds_institution',
    vintageColumn: 'vintage',
    vintageValue: Number,
    columns: cols('vintage int2, unitid int4, name text, stabbr text, state_fips text, county_fips text, cbsa_code text, sector int2, latitude float8, longitude float8'),
    row: (r: IpedsInstitutionRecord, v: string): Cell[] => [Number(v), r.unitid, r.name, r.stabbr, r.stateFips, r.countyFips, r.cbsaCode, r.sector, r.latitude, r.longitude],
  } satisfies Plan<IpedsInstitutionRecord>,
  'ipeds-completions': {
    table: 'ipeds_completion',
    vintageColumn: 'year',
    vintageValue: Number,
    columns: cols('year int2, unitid int4, cip_code text, majornum int2, award_level int2, total int4, men int4, women int4'),
    row: (r: IpedsCompletionRecord, v: string): Cell[] => [Number(v), r.unitid, r.cip, r.majornum, r.awardLevel, r.total, r.men, r.women],
  } satisfies Plan<IpedsCompletionRecord>,
  oews: {
    table: 'oews_estimate',
    vintageColumn: 'vintage',
    vintageValue: Number,
    columns: cols('vintage int2, area_type int2, area text, soc_code text, title text, employment int4, annual_mean numeric, annual_p10 numeric, annual_p25 numeric, annual_median numeric, annual_p75 numeric, annual_p90 numeric, hourly_median numeric, top_coded text'),
    areaOf: (r: OewsEstimateRecord) => r.area,
    row: (r: OewsEstimateRecord, v: string): Cell[] => [
      Number(v), r.areaType, r.area, r.socCode, r.title, r.employment, r.annualMean, r.annualP10, r.annualP25, r.annualMedian, r.annualP75, r.annualP90, r.hourlyMedian, r.topCoded.join(','),
    ],
  } satisfies Plan<OewsEstimateRecord>,
  projections: {
    table: 'ep_projection',
    vintageColumn: 'vintage',
    vintageValue: String,
    columns: cols('vintage text, area text, soc_code text, title text, base_year int2, proj_year int2, employment_base float8, employment_projected float8, change float8, openings float8, exits float8, transfers float8, education text'),
    areaOf: (r: ProjectionRecord) => r.area,
    row: (r: ProjectionRecord, v: string): Cell[] => [v, r.area, r.soc, r.title, r.baseYear, r.projYear, r.employmentBase, r.employmentProjected, r.change, r.openings, r.exits, r.transfers, r.education],
  } satisfies Plan<ProjectionRecord>,
};

/**
 * Loads one public-data file as one vintage, in one transaction: the vintage's earlier rows are
 * replaced (a second load of the same file changes nothing), other vintages are untouched. Rows
 * that fail validation are listed (file, line, field, reason) and not loaded; a file-level problem
 * (layout, no year, nothing to refer to) loads nothing.
 */
export async function loadPublicDataFile(ds: DataSource, input: PublicDataInput): Promise<PublicDataLoadResult> {
  const t0 = Date.now();
  const errors: IngestIssue[] = [];
  const warnings: IngestIssue[] = [];
  let rejected = 0;
  let skipped = 0;
  let warned = 0;
  const result = (status: PublicDataLoadResult['status'], vintage: string | null, loaded: number, replaced: number, detail?: string): PublicDataLoadResult => ({
    dataset: input.dataset, file: input.file, vintage, status, loaded, rejected, skipped, replaced,
    errors, warnings, truncated: rejected > errors.length || warned > warnings.length, ...(detail ? { detail } : {}), seconds: (Date.now() - t0) / 1000,
  });
  const stages: Record<string, number> = {};
  let mark = Date.now();
  const stage = (name: string) => {
    const now = Date.now();
    stages[name] = (stages[name] ?? 0) + (now - mark) / 1000;
    mark = now;
  };
  const addError = (i: IngestIssue) => {
    rejected++;
    if (errors.length < MAX_ISSUES) errors.push(i);
  };
  const addWarning = (i: IngestIssue) => {
    warned++;
    if (warnings.length < MAX_ISSUES) warnings.push(i);
  };

  let parsed: ParsedTable<unknown>;
  try {
    parsed = await parse(input);
  } catch (e) {
    if (e instanceof PublicDataFileError) return result('failed', null, 0, 0, e.message);
    throw e;
  }
  const vintage = input.year !== undefined ? (input.dataset === 'projections' ? parsed.vintage : String(input.year)) : parsed.vintage;
  if (!vintage) {
    // Drain nothing: the file is refused before any row is read.
    return result('failed', null, 0, 0, `${input.file}: the file name does not say which year it is (${VINTAGE_HINT[input.dataset]}); give the year (--year, or year= on the upload)`);
  }

  const check = await validator(ds, input.dataset);
  if (typeof check === 'string') return result('failed', vintage, 0, 0, `${input.file}: ${check}`);
  const records: unknown[] = [];
  const lines: number[] = [];
  try {
    for await (const ev of parsed.events) {
      if (ev.kind === 'reject') addError(ev.issue);
      else if (ev.kind === 'skip') skipped++;
      else {
        const verdict = check(ev.record, input.file, ev.line, addWarning);
        if (verdict) addError(verdict);
        else {
          records.push(ev.record);
          lines.push(ev.line);
        }
      }
    }
  } catch (e) {
    // A problem found part-way through (a cut-off file): refused before anything is written.
    if (e instanceof PublicDataFileError) return result('failed', vintage, 0, 0, e.message);
    throw e;
  }
  if (records.length === 0) return result('failed', vintage, 0, 0, `${input.file}: no row could be loaded${rejected ? ` (${rejected} rejected)` : ''}; nothing changed`);
  stage('read');

  const plan = PLANS[input.dataset] as Plan<unknown>;
  const mode = await detectBulkMode(ds);
  const qr = ds.createQueryRunner();
  const client = (await qr.connect()) as PoolClient;
  let replaced = 0;
  try {
    await qr.startTransaction();
    // a big vintage and its rollup take longer than the server's statement_timeout allows a read
    await client.query('SET LOCAL statement_timeout = 0');
    // One public-data load at a time: two loads of one vintage would interleave their replacements.
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('credpulse:public-data'))`);
    // OEWS and projections: a file replaces the areas it holds (a state file of May 2024 leaves the
    // national rows of May 2024 alone); IPEDS files replace their whole year.
    const areas = plan.areaOf ? [...new Set(records.map(plan.areaOf))] : null;
    const del = areas
      ? await client.query(`DELETE FROM ${plan.table} WHERE ${plan.vintageColumn} = $1 AND area = ANY($2::text[])`, [plan.vintageValue(vintage), areas])
      : await client.query(`DELETE FROM ${plan.table} WHERE ${plan.vintageColumn} = $1`, [plan.vintageValue(vintage)]);
    replaced = del.rowCount ?? 0;
    stage('delete');
    const writer = new BulkWriter(client, mode);
    for (let i = 0; i < records.length; i += BATCH) {
      await writer.write(plan.table, plan.columns, records.slice(i, i + BATCH).map((r) => plan.row(r, vintage)));
    }
    stage('write');
    if (input.dataset === 'ipeds-completions') await refreshCompletionRollup(client, Number(vintage));
    if (input.dataset === 'ipeds-institutions') await refreshCompletionRollup(client, null);
    const source = input.file + (parsed.sheet ? ` (sheet ${parsed.sheet})` : '');
    const [{ n }] = (await client.query(`SELECT count(*)::int AS n FROM ${plan.table} WHERE ${plan.vintageColumn} = $1`, [plan.vintageValue(vintage)])).rows;
    // A vintage made of several area files lists each file once.
    await client.query(
      `INSERT INTO public_data_load (dataset, vintage, rows, rejected, source, loaded_at) VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (dataset, vintage) DO UPDATE SET rows = EXCLUDED.rows, loaded_at = now(),
         rejected = CASE WHEN $6 THEN public_data_load.rejected + EXCLUDED.rejected ELSE EXCLUDED.rejected END,
         source = CASE WHEN $6 AND position(EXCLUDED.source IN public_data_load.source) = 0 THEN public_data_load.source || '; ' || EXCLUDED.source ELSE EXCLUDED.source END`,
      [input.dataset, vintage, n, rejected, source, areas !== null && replaced < n],
    );
    await qr.commitTransaction();
    stage('rollup');
    // Fresh planner statistics: program demand reads these tables by area and CIP right after a load
    // (without them a new year was planned as a few rows). A VACUUM here (visibility map for
    // index-only scans) cost 4-8 s of a 300k-row load on the shared machine; autovacuum does it.
    await client.query(`ANALYZE ${plan.table}${input.dataset.startsWith('ipeds') ? ', rollup_ipeds_completion' : ''}`).catch(() => undefined);
    stage('analyze');
  } catch (e) {
    if (qr.isTransactionActive) await qr.rollbackTransaction();
    // never the database's own words in an answer (they name tables, columns and values)
    const code = (e as { code?: unknown }).code;
    const why = typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? `the database refused the rows (SQLSTATE ${code})` : (e as Error).message;
    return result('failed', vintage, 0, 0, `${input.file}: loading failed, nothing was written: ${why}`);
  } finally {
    await qr.release();
  }
  await touchDataAsOf(ds);
  // Program demand of the nation and the states, precomputed from what is now loaded. A failure
  // here leaves the rows stale, which answers never read (they compute live): the load stands.
  await refreshPublicDemand(ds).catch(() => undefined);
  stage('precompute');
  return { ...result(rejected > 0 ? 'partial' : 'loaded', vintage, records.length, replaced), stages: Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, Math.round(v * 100) / 100])) };
}

const VINTAGE_HINT: Record<PublicDataset, string> = {
  'ipeds-institutions': 'IPEDS names it hd2023.csv',
  'ipeds-completions': 'IPEDS names it c2023_a.csv',
  oews: 'BLS names it national_M2024_dl.xlsx',
  projections: 'the BLS table heads its columns "Employment, 2023" and "Employment, 2033"',
};

function parse(input: PublicDataInput): Promise<ParsedTable<unknown>> {
  switch (input.dataset) {
    case 'ipeds-institutions':
      return parseIpedsInstitutions(input.source, input.file);
    case 'ipeds-completions':
      return parseIpedsCompletions(input.source, input.file);
    case 'oews':
      return parseOews(input.source, input.file);
    case 'projections':
      return parseProjections(input.source, input.file, input.year !== undefined ? { baseYear: input.year } : {});
  }
}

type Check = (record: unknown, file: string, line: number, warn: (i: IngestIssue) => void) => IngestIssue | null;

/** Checks a record against the reference tables (and, for completions, the loaded institutions). */
async function validator(ds: DataSource, dataset: PublicDataset): Promise<Check | string> {
  if (dataset === 'ipeds-institutions') {
    const counties = new Set((await ds.query('SELECT fips FROM county')).map((r: { fips: string }) => r.fips));
    const states = new Set((await ds.query('SELECT fips FROM state')).map((r: { fips: string }) => r.fips));
    return (rec, file, line, warn) => {
      const r = rec as IpedsInstitutionRecord;
      if (r.stateFips !== null && !states.has(r.stateFips)) {
        warn({ file, line, field: 'STABBR', reason: `${r.stabbr} is outside the 50 states, DC and Puerto Rico: the institution is loaded without a state` });
        r.stateFips = null;
      }
      if (r.countyFips !== null && !counties.has(r.countyFips)) {
        warn({ file, line, field: 'COUNTYCD', reason: `county ${r.countyFips} is not in the county list (2023 vintage): the institution counts in its state only` });
        r.countyFips = null;
      }
      return null;
    };
  }
  if (dataset === 'ipeds-completions') {
    const units = new Set<number>((await ds.query('SELECT DISTINCT unitid FROM ipeds_institution')).map((r: { unitid: number }) => Number(r.unitid)));
    if (units.size === 0) return 'no IPEDS institutions are loaded: load the HD file first (credpulse public-data load ipeds-institutions hd2023.csv), so completions can be placed in their county, CBSA and state';
    const cips = new Set((await ds.query('SELECT code FROM cip WHERE level = 6')).map((r: { code: string }) => r.code));
    return (rec, file, line) => {
      const r = rec as IpedsCompletionRecord;
      if (!units.has(r.unitid)) return { file, line, field: 'UNITID', reason: `UNITID ${r.unitid} is not in the loaded IPEDS institutions (HD files); load its HD file first` };
      if (!cips.has(r.cip)) return { file, line, field: 'CIPCODE', reason: `CIP ${r.cip} is not a CIP 2020 program code` };
      return null;
    };
  }
  // OEWS and projections keep every SOC as published (OEWS aggregates such as 25-2052 are not SOC
  // 2018 detailed codes but are real rows); program demand joins them to the crosswalk's SOCs.
  return () => null;
}

const COMPLETIONS = PUBLIC_DATA_ROLLUPS.ipedsCompletion.table;

/**
 * The completions rollup (catalogue: PUBLIC_DATA_ROLLUPS) for one year (null: every year, after institutions moved): first majors
 * summed by the institution's state (latest HD vintage) and by nation.
 */
export async function refreshCompletionRollup(client: Pick<PoolClient, 'query'>, year: number | null): Promise<void> {
  const only = year === null ? '' : 'WHERE year = $1';
  const params = year === null ? [] : [year];
  await client.query(`DELETE FROM ${COMPLETIONS} ${only}`, params);
  await client.query(
    `INSERT INTO ${COMPLETIONS} (year, area, cip_code, award_level, n)
     SELECT c.year, COALESCE(i.state_fips, '--'), c.cip_code, c.award_level, sum(c.total)
     FROM ipeds_completion c
     JOIN (SELECT DISTINCT ON (unitid) unitid, state_fips FROM ipeds_institution ORDER BY unitid, vintage DESC) i USING (unitid)
     WHERE c.majornum = 1 ${year === null ? '' : 'AND c.year = $1'}
     GROUP BY 1, 2, 3, 4`,
    params,
  );
  await client.query(
    `INSERT INTO ${COMPLETIONS} (year, area, cip_code, award_level, n)
     SELECT year, 'US', cip_code, award_level, sum(n) FROM ${COMPLETIONS} WHERE area <> 'US' ${year === null ? '' : 'AND year = $1'} GROUP BY 1, 3, 4`,
    params,
  );
}
