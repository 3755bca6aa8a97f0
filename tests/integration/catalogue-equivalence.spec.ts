import { existsSync } from 'node:fs';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUE, columnsOf, ROLLUP_NAMES, type RollupName } from '../../apps/api/src/modules/analytics/catalogue/catalogue.js';
import { refreshRollups } from '../../apps/api/src/modules/analytics/catalogue/refresh.js';
import { rollupCanAnswer, source } from '../../apps/api/src/modules/analytics/catalogue/source.js';
import type { ParsedFilters } from '../../apps/api/src/modules/analytics/filters/parsed-filters.js';
import { SqlParams, where } from '../../apps/api/src/modules/analytics/filters/sql-builder.js';
import { generateDemoData } from '../../apps/api/src/modules/demo/demo.loader.js';
import { openTestDataSource, truncateFacts } from './support/test-db.js';

// Every rollup the analytics catalogue declares answers exactly as the fact rows it groups: for the
// nation and for a state, every month and grain cell, every measure. The people rollups (a fill of
// their own) are compared through their endpoints in the specs named below; a new custom rollup
// must name its spec here. And an incremental refresh leaves every rollup as a full rebuild would.
const CUSTOM_SPECS: Partial<Record<RollupName, string>> = {
  equity: 'equity-saturation-rollups.spec.ts',
  equityCredential: 'equity-saturation-rollups.spec.ts',
  outcome: 'people-rollups-equivalence.spec.ts',
  outcomeBins: 'people-rollups-equivalence.spec.ts',
  pathway: 'people-rollups-equivalence.spec.ts',
};

let ds: DataSource;
let state: string;
const filters = (region: ParsedFilters['region']): ParsedFilters => ({
  from: '2022-01', to: '2026-12', fromDate: '2022-01-01', toEnd: '2027-01-01', region,
  granularity: 'month', limit: 100, extra: {}, given: new Set(),
});

/** Per month and grain cell, the measures of `name` for `f`, from the rollup or (forceRaw) the facts. */
async function cells(name: RollupName, f: ParsedFilters, forceRaw: boolean): Promise<unknown[]> {
  const d = CATALOGUE[name];
  const p = new SqlParams();
  const s = source(name, f, p, { forceRaw });
  const grain = Object.keys(d.grain);
  const keys = [`to_char(month, 'YYYY-MM') AS m`, ...grain];
  return ds.query(
    `SELECT ${[...keys, ...d.measures.map((m) => `sum(${m})::int AS ${m}`)].join(', ')} FROM ${s.from} ${where(s.where)}
     GROUP BY ${keys.map((_, i) => i + 1).join(', ')} HAVING ${d.measures.map((m) => `sum(${m}) <> 0`).join(' OR ')} ORDER BY ${keys.map((_, i) => i + 1).join(', ')}`,
    p.values,
  );
}

/** Every rollup table's rows, sorted: what a refresh left. */
async function snapshot(): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const n of ROLLUP_NAMES) out[n] = await ds.query(`SELECT * FROM ${CATALOGUE[n].table} ORDER BY ${columnsOf(n).map((_, i) => i + 1).join(', ')}`);
  return out;
}

beforeAll(async () => {
  ds = await openTestDataSource();
  await truncateFacts(ds);
  // the demo generator loads postings (credentials, skills, wages, ends), awards and outcomes, then refreshes
  await generateDemoData(ds, { postings: 1500, awards: 600, seed: 11 }, () => undefined);
  [{ state }] = await ds.query(`SELECT state_fips AS state FROM job_posting WHERE state_fips IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`);
});

afterAll(async () => {
  await truncateFacts(ds);
  await ds?.destroy();
});

describe('the analytics catalogue', () => {
  for (const name of ROLLUP_NAMES) {
    const from = CATALOGUE[name].from;
    if ('custom' in from) {
      it(`${name} (${CATALOGUE[name].table}) is compared with the raw rows in ${CUSTOM_SPECS[name]}`, () => {
        expect(CUSTOM_SPECS[name], `${name} has a fill of its own: name the spec that compares it with the raw rows`).toBeDefined();
        expect(existsSync(new URL(`./${CUSTOM_SPECS[name]}`, import.meta.url))).toBe(true);
      });
      continue;
    }
    it(`${name} (${CATALOGUE[name].table}) holds exactly what its facts give, for the nation and a state`, async () => {
      let compared = 0;
      for (const f of [filters({ kind: 'us', code: 'us' }), filters({ kind: 'state', code: state })]) {
        if (!rollupCanAnswer(name, f)) continue;
        const rollup = await cells(name, f, false);
        expect(rollup.length, `${name}: the fixture gives it rows`).toBeGreaterThan(0);
        expect(rollup, `${name} for ${f.region.code}`).toEqual(await cells(name, f, true));
        compared++;
      }
      expect(compared).toBeGreaterThan(0);
    });
  }

  it('a narrower copy is declared after the rollup it sums (the refresh fills in declaration order)', () => {
    for (const [i, n] of ROLLUP_NAMES.entries()) {
      const from = CATALOGUE[n].from;
      if ('sumOf' in from) expect(ROLLUP_NAMES.indexOf(from.sumOf), n).toBeLessThan(i);
    }
  });

  it('an incremental refresh after postings and awards land in an older month leaves every rollup as a full rebuild does', async () => {
    const [{ month }] = await ds.query(`SELECT to_char(min(posted_date) + 200, 'YYYY-MM-DD') AS month FROM job_posting`);
    await ds.query(`INSERT INTO job_posting (source_key, title, naics_code, soc_code, state_fips, posted_date, expires_date, salary_annual, degree_level)
                    SELECT 'late:' || id, title, naics_code, soc_code, state_fips, $1::date, $1::date + 30, salary_annual, degree_level FROM job_posting ORDER BY id LIMIT 40`, [month]);
    await ds.query(`INSERT INTO posting_credential (posting_id, credential_id, level)
                    SELECT p.id, pc.credential_id, pc.level FROM job_posting p JOIN job_posting o ON o.source_key = substr(p.source_key, 6)
                    JOIN posting_credential pc ON pc.posting_id = o.id WHERE p.source_key LIKE 'late:%'`);
    await ds.query(`INSERT INTO credential_award (source_key, learner_key, credential_id, award_date, state_fips, program_cip)
                    SELECT 'late:' || id, learner_key, credential_id, $1::date, state_fips, program_cip FROM credential_award ORDER BY id LIMIT 40`, [month]);
    await refreshRollups(ds, { since: month });
    const incremental = await snapshot();
    await refreshRollups(ds);
    expect(incremental).toEqual(await snapshot());
  });
});
