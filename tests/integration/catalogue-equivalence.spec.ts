import { existsSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUE, columnsOf, ROLLUP_NAMES, type RollupName } from '../../apps/api/src/modules/analytics/catalogue/catalogue.js';
import { refreshRollups } from '../../apps/api/src/modules/analytics/catalogue/refresh.js';
import { rollupCanAnswer, source } from '../../apps/api/src/modules/analytics/catalogue/source.js';
import type { ParsedFilters } from '../../apps/api/src/modules/analytics/filters/parsed-filters.js';
import { SqlParams, where } from '../../apps/api/src/modules/analytics/filters/sql-builder.js';
import { generateDemoData } from '../../apps/api/src/modules/demo/demo.loader.js';
import { ingestFile, type IngestStats } from '../../apps/api/src/modules/ingest/ingest.pipeline.js';
import { afterLoadHook } from '../../apps/api/src/modules/ingest/ingest.service.js';
import { openTestDataSource, testHandle, truncateFacts } from './support/test-db.js';

// Every rollup the analytics catalogue declares answers exactly as the fact rows it groups: for the
// nation and for a state, every month and grain cell, every measure. The people rollups (a fill of
// their own) are compared through their endpoints in the specs named below; a new custom rollup
// must name its spec here. And an incremental refresh leaves every rollup as a full rebuild would.
const CUSTOM_SPECS: Partial<Record<RollupName, string>> = {
  equity: 'equity-saturation-rollups.spec.ts',
  equityCredential: 'equity-saturation-rollups.spec.ts',
  outcome: 'people-rollups-equivalence.spec.ts',
  outcomeBins: 'people-rollups-equivalence.spec.ts',
  outcomeCum: 'people-rollups-equivalence.spec.ts',
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

  it('two postings files loaded one after the other add themselves into the rollups as a full rebuild counts them (reposts across the files too)', async () => {
    await refreshRollups(ds);
    const [{ county, soc, naics }] = await ds.query(
      `SELECT county_fips AS county, soc_code AS soc, naics_code AS naics FROM job_posting
       WHERE county_fips IS NOT NULL AND soc_code IS NOT NULL AND naics_code IS NOT NULL ORDER BY id LIMIT 1`,
    );
    const skills = ['Python', 'SQL', 'customer service', 'welding', 'patient care', 'data analysis'];
    const creds = ['CompTIA Security+', 'CNA', 'CDL', 'OSHA 10'];
    const csv = (rows: [key: string, employer: string, title: string, posted: string, i: number][]) =>
      'source_key,employer,title,naics_code,soc_code,county_fips,posted_date,expires_date,description,salary_min,salary_max,salary_unit\n' +
      rows
        .map(([key, employer, title, posted, i]) => {
          const desc = `Requirements: ${skills[i % 6]} and ${skills[(i + 2) % 6]}; must have ${creds[i % 4]}. Preferred: ${skills[(i + 3) % 6]}, ${creds[(i + 1) % 4]} a plus.`;
          const expires = new Date(Date.parse(posted) + (20 + i) * 86_400_000).toISOString().slice(0, 10);
          return `${key},${employer},${title},${i % 3 ? naics : ''},${i % 4 ? soc : ''},${county},${posted},${expires},"${desc}",${15 + i},${20 + i},hour`;
        })
        .join('\n') + '\n';
    const month = (i: number) => `${2024 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-${String(3 + (i % 20)).padStart(2, '0')}`;
    const first: [string, string, string, string, number][] = Array.from({ length: 30 }, (_, i) => [`seq1:${i}`, `Seq Employer ${i}`, i % 2 ? 'Welder' : 'Data Analyst', month(i % 20), i]);
    // the first file's repost of its own posting (a duplicate within the file), and a posting the second file reposts earlier
    first.push(['seq1:r1', 'Seq Employer 4', 'Data Analyst', '2024-05-20', 31], ['seq1:late', 'Seq Repost Co', 'Welder', '2025-02-20', 32]);
    const second: [string, string, string, string, number][] = Array.from({ length: 20 }, (_, i) => [`seq2:${i}`, `Seq Other ${i}`, 'Welder', month(i + 3), i + 40]);
    // earlier than the first file's posting of the same job: that one becomes the duplicate (a flag on a stored posting flips)
    // and a later repost of a first-file posting is itself the duplicate
    second.push(['seq2:early', 'Seq Repost Co', 'Welder', '2025-02-05', 60], ['seq2:again', 'Seq Employer 7', 'Welder', '2024-08-25', 61]);
    // a month no rollup holds a row of yet: its delta rows go in by plain INSERT, the other months' by ON CONFLICT
    second.push(['seq2:newmonth', 'Seq New Month Co', 'Data Analyst', '2019-06-12', 62]);
    for (const [file, rows] of [['seq1.csv', first], ['seq2.csv', second]] as const) {
      let stats: IngestStats | undefined;
      const warnings: string[] = [];
      const r = await ingestFile(
        { ds, embedded: testHandle().mode === 'embedded', secret: 'integration-secret-0123456789', extractorCache: {}, afterLoad: afterLoadHook(ds, (m) => warnings.push(m)), onStats: (s) => void (stats = s) },
        { format: 'postings-csv', file, source: Readable.from([Buffer.from(csv(rows))]) },
      );
      expect(r).toMatchObject({ status: 'succeeded', accepted: rows.length });
      expect(warnings).toEqual([]);
      expect(stats?.rollups).toBe('added');
    }
    const dup = await ds.query(`SELECT source_key FROM job_posting WHERE source_key LIKE 'seq%' AND is_duplicate ORDER BY 1`);
    expect(dup.map((x: { source_key: string }) => x.source_key)).toEqual(['seq1:late', 'seq1:r1', 'seq2:again']);
    expect((await ds.query(`SELECT count(*)::int AS n FROM posting_skill ps JOIN job_posting p ON p.id = ps.posting_id WHERE p.source_key LIKE 'seq%'`))[0].n).toBeGreaterThan(50);
    const added = await snapshot();
    await refreshRollups(ds);
    expect(added).toEqual(await snapshot());
  });
});
