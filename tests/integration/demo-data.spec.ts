import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFullCatalog } from '@credpulse/taxonomy';
import { createExtractor } from '@credpulse/ingest';
import { UNLISTED_CREDENTIALS } from '../../apps/api/src/modules/demo/demo-postings.js';
import { generateDemoData, type DemoSummary } from '../../apps/api/src/modules/demo/demo.loader.js';
import { startTestApp } from './support/test-app.js';
import { openTestDataSource, truncateFacts } from './support/test-db.js';

// A small synthetic dataset: determinism, realism and internal consistency of the demo generator.
const OPTS = { postings: 2000, awards: 800, seed: 7 };
const quiet = () => undefined;
let ds: DataSource;
let summary: DemoSummary;

// Order-independent fingerprint of everything generated (ids excluded: they come from sequences).
async function checksum(): Promise<string> {
  const [row] = await ds.query(`
    SELECT md5(coalesce((SELECT string_agg(concat_ws('|', source_key, employer, title, naics_code, soc_code, county_fips, state_fips, posted_date, expires_date,
                        md5(description), salary_min, salary_max, salary_unit, degree_level, in_lieu, remote, dedup_group, is_duplicate), ',' ORDER BY source_key) FROM job_posting), '')
           || coalesce((SELECT string_agg(p.source_key || ':' || ps.skill_id || ':' || ps.level, ',' ORDER BY p.source_key, ps.skill_id)
                        FROM posting_skill ps JOIN job_posting p ON p.id = ps.posting_id), '')
           || coalesce((SELECT string_agg(p.source_key || ':' || c.source_key || ':' || pc.level, ',' ORDER BY p.source_key, c.source_key)
                        FROM posting_credential pc JOIN job_posting p ON p.id = pc.posting_id JOIN credential c ON c.id = pc.credential_id), '')
           || coalesce((SELECT string_agg(concat_ws('|', a.source_key, a.learner_key, c.source_key, a.award_date, a.expiry_date, a.county_fips, a.program_cip, a.age_band, a.sex, a.race_ethnicity, a.low_income), ',' ORDER BY a.source_key)
                        FROM credential_award a JOIN credential c ON c.id = a.credential_id), '')
           || coalesce((SELECT string_agg(concat_ws('|', learner_key, quarter, employed, wage, naics_code), ',' ORDER BY learner_key, quarter) FROM learner_outcome), '')) AS sum`);
  return row.sum;
}

beforeAll(async () => {
  ds = await openTestDataSource();
  await truncateFacts(ds);
  summary = await generateDemoData(ds, OPTS, quiet);
});

afterAll(async () => {
  await truncateFacts(ds);
  await ds.destroy();
});

describe('demo data generator', () => {
  it('loads the requested numbers and marks the data as synthetic', async () => {
    const [c] = await ds.query(`SELECT (SELECT count(*)::int FROM job_posting) AS p, (SELECT count(*)::int FROM credential_award) AS a,
      (SELECT value FROM app_meta WHERE key = 'demo') AS demo, (SELECT value FROM app_meta WHERE key = 'data_as_of') AS asof`);
    expect(c.p).toBe(OPTS.postings);
    expect(c.a).toBe(OPTS.awards);
    expect(c.demo).toMatchObject({ synthetic: true, seed: 7, postings: 2000, awards: 800 });
    expect(c.asof).not.toBeNull();
    expect(summary.postingSkills).toBeGreaterThan(OPTS.postings * 2);
    expect(summary.postingCredentials).toBeGreaterThan(OPTS.postings * 0.1);
  });

  it('spreads postings over occupations in line with OEWS national employment', async () => {
    const rows: { n: number; employment: number }[] = await ds.query(`
      SELECT count(p.id)::float8 AS n, o.employment::float8 AS employment
      FROM oews_national o JOIN soc s ON s.code = o.soc_code AND s.level = 'detailed'
      LEFT JOIN job_posting p ON p.soc_code = o.soc_code
      WHERE o.employment > 0 GROUP BY o.soc_code, o.employment`);
    expect(pearson(rows.map((r) => r.n), rows.map((r) => r.employment))).toBeGreaterThan(0.6);
    const [spread] = await ds.query(`SELECT count(DISTINCT soc_code)::int AS socs, count(DISTINCT state_fips)::int AS states,
      count(DISTINCT date_trunc('month', posted_date))::int AS months, min(posted_date)::text AS first, max(posted_date)::text AS last FROM job_posting`);
    expect(spread.socs).toBeGreaterThan(150);
    expect(spread.states).toBeGreaterThan(40);
    expect(spread.months).toBeGreaterThanOrEqual(24);
    expect(spread.last <= '2026-10-31').toBe(true);
  });

  it('states every credential mention in the description with the phrasing of its level', async () => {
    const rows: { description: string; name: string; short_names: string[]; level: number }[] = await ds.query(`
      SELECT p.description, c.name, c.short_names, pc.level FROM posting_credential pc
      JOIN job_posting p ON p.id = pc.posting_id JOIN credential c ON c.id = pc.credential_id`);
    expect(rows.length).toBeGreaterThan(100);
    expect(new Set(rows.map((r) => r.level))).toEqual(new Set([1, 2, 3]));
    const phrasing: Record<number, RegExp> = { 1: /^(Requirements: must have|Required:|Must have:)/, 2: /^(Preferred:|Nice to have:)|is a plus\.$/, 3: /accepted in lieu of a degree\.$/ };
    for (const r of rows) {
      const names = [r.name, ...r.short_names];
      const lines = r.description.split('\n').filter((l) => names.some((n) => l.includes(n)));
      const ok = lines.some((l) => phrasing[r.level].test(l));
      expect(ok, `${r.name} at level ${r.level} in:\n${r.description}`).toBe(true);
      // Preferred is never stated as required: a preferred credential's full name is not on a required line.
      if (r.level === 2) expect(r.description.split('\n').some((l) => phrasing[1].test(l) && l.includes(r.name))).toBe(false);
    }
    const [lieu] = await ds.query(`SELECT count(*) FILTER (WHERE in_lieu AND description LIKE '%in lieu of a degree%')::int AS ok, count(*) FILTER (WHERE in_lieu)::int AS n FROM job_posting`);
    expect(lieu.n).toBeGreaterThan(0);
    expect(lieu.ok).toBe(lieu.n);
  });

  it('names every posting skill in the description', async () => {
    const [bad] = await ds.query(`SELECT count(*)::int AS n FROM posting_skill ps JOIN job_posting p ON p.id = ps.posting_id JOIN skill s ON s.id = ps.skill_id
      WHERE strpos(p.description, s.name) = 0`);
    expect(bad.n).toBe(0);
  });

  it('keeps advertised salaries within the occupation\'s OEWS 10th-90th percentile, annualised', async () => {
    const [r] = await ds.query(`
      SELECT count(*)::int AS n,
             count(*) FILTER (WHERE (CASE p.salary_unit WHEN 'hour' THEN p.salary_min * 2080 ELSE p.salary_min END) < o.annual_p10 * 0.99
                               OR (CASE p.salary_unit WHEN 'hour' THEN p.salary_max * 2080 ELSE p.salary_max END) > coalesce(o.annual_p90, o.annual_p75 * 1.25) * 1.01
                               OR p.salary_min > p.salary_max)::int AS outside,
             count(*) FILTER (WHERE p.salary_unit = 'hour')::int AS hourly
      FROM job_posting p JOIN oews_national o ON o.soc_code = p.soc_code WHERE p.salary_min IS NOT NULL`);
    expect(r.n).toBeGreaterThan(OPTS.postings * 0.6);
    expect(r.outside).toBe(0);
    expect(r.hourly).toBeGreaterThan(0);
  });

  it('includes near-duplicate reposts of the same employer, title and county within 60 days', async () => {
    const [r] = await ds.query(`
      SELECT count(*)::int AS dups,
             count(*) FILTER (WHERE f.employer = d.employer AND d.posted_date - f.posted_date BETWEEN 0 AND 60
                                AND coalesce(f.county_fips, f.state_fips) = coalesce(d.county_fips, d.state_fips))::int AS consistent
      FROM job_posting d JOIN job_posting f ON f.source_key = d.dedup_group WHERE d.is_duplicate`);
    expect(r.dups).toBeGreaterThan(OPTS.postings * 0.015);
    expect(r.dups).toBeLessThan(OPTS.postings * 0.08);
    expect(r.consistent).toBe(r.dups);
  });

  it('degree requirements fall and skills-first postings rise over the period', async () => {
    const [r] = await ds.query(`
      SELECT avg((degree_level >= 3)::int) FILTER (WHERE posted_date < '2025-06-01')::float8 AS early_degree,
             avg((degree_level >= 3)::int) FILTER (WHERE posted_date >= '2026-03-01')::float8 AS late_degree,
             avg((degree_level = 0 OR in_lieu)::int) FILTER (WHERE posted_date < '2025-06-01')::float8 AS early_sf,
             avg((degree_level = 0 OR in_lieu)::int) FILTER (WHERE posted_date >= '2026-03-01')::float8 AS late_sf
      FROM job_posting`);
    expect(r.late_degree).toBeLessThan(r.early_degree);
    expect(r.late_sf).toBeGreaterThan(r.early_sf);
  });

  it('stacks follow-up awards only into credentials the first one stacks into, later', async () => {
    const rows: { part: number; whole: number; d1: string; d2: string; allowed: boolean }[] = await ds.query(`
      SELECT a1.credential_id AS part, a2.credential_id AS whole, a1.award_date::text AS d1, a2.award_date::text AS d2,
             EXISTS (SELECT 1 FROM credential_stack s WHERE s.part_id = a1.credential_id AND s.whole_id = a2.credential_id) AS allowed
      FROM credential_award a1 JOIN credential_award a2 ON a2.learner_key = a1.learner_key AND a2.id > a1.id`);
    const [{ learners }] = await ds.query('SELECT count(DISTINCT learner_key)::int AS learners FROM credential_award');
    // About 15% of learners earn a second, stacked credential.
    expect(rows.length).toBeGreaterThan(learners * 0.09);
    expect(rows.length).toBeLessThan(learners * 0.22);
    for (const r of rows) {
      expect(r.allowed).toBe(true);
      expect(r.d2 > r.d1).toBe(true);
    }
  });

  it('records quarterly outcomes before and after each learner\'s first award, with demographics on awards', async () => {
    const [r] = await ds.query(`
      WITH first AS (SELECT learner_key, min(award_date) AS d FROM credential_award GROUP BY learner_key)
      SELECT count(*)::int AS learners,
             count(*) FILTER (WHERE EXISTS (SELECT 1 FROM learner_outcome o WHERE o.learner_key = f.learner_key AND o.quarter < date_trunc('quarter', f.d)))::int AS before,
             count(*) FILTER (WHERE EXISTS (SELECT 1 FROM learner_outcome o WHERE o.learner_key = f.learner_key AND o.quarter > date_trunc('quarter', f.d)))::int AS after
      FROM first f`);
    expect(r.before).toBe(r.learners);
    expect(r.after).toBeGreaterThan(r.learners * 0.8);
    const [w] = await ds.query(`
      WITH first AS (SELECT learner_key, min(award_date) AS d FROM credential_award GROUP BY learner_key)
      SELECT avg(o.employed::int) FILTER (WHERE o.quarter < date_trunc('quarter', f.d))::float8 AS emp_before,
             avg(o.employed::int) FILTER (WHERE o.quarter >= date_trunc('quarter', f.d) + interval '6 months')::float8 AS emp_after,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY o.wage) FILTER (WHERE o.quarter < date_trunc('quarter', f.d)) AS wage_before,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY o.wage) FILTER (WHERE o.quarter >= date_trunc('quarter', f.d) + interval '6 months') AS wage_after
      FROM learner_outcome o JOIN first f ON f.learner_key = o.learner_key`);
    expect(w.emp_after).toBeGreaterThan(w.emp_before);
    expect(Number(w.wage_after)).toBeGreaterThan(Number(w.wage_before));
    const [d] = await ds.query(`SELECT count(*) FILTER (WHERE age_band IS NULL OR sex IS NULL OR race_ethnicity IS NULL OR low_income IS NULL OR county_fips IS NULL)::int AS missing,
      count(DISTINCT race_ethnicity)::int AS groups FROM credential_award`);
    expect(d.missing).toBe(0);
    expect(d.groups).toBeGreaterThanOrEqual(5);
  });
  it('from the larger catalog: the recognition and saturation views show a long tail of credentials, and the admin view lists credentials the catalog lacks with counts', async () => {
    const t = await startTestApp();
    try {
      const admin = await t.apiKey('admin');
      // recognition: credentials named, most named first
      const rec = await t.http().get('/api/metrics/recognition?groupBy=credential&limit=1000&from=2024-09&to=2026-10');
      expect(rec.status).toBe(200);
      const named = (rec.body.rows as { key: string; naming: { any: number | null } }[])
        .filter((r) => r.key !== 'any' && (r.naming.any ?? 0) > 0)
        .map((r) => ({ id: Number(r.key), n: r.naming.any as number }))
        .sort((x, y) => y.n - x.n);
      expect(named.length).toBeGreaterThan(150);
      const tail = named.filter((r) => r.n < 5).length;
      expect(tail / named.length).toBeGreaterThan(0.4);
      expect(named[0].n).toBeGreaterThan(10 * named[Math.floor(named.length / 2)].n);
      // the tail reaches into the large lists, not only the editorial catalog
      const [src] = await ds.query(`SELECT count(*) FILTER (WHERE external_ids->>'source' NOT LIKE 'credential-catalog/catalog.json%')::int AS listed FROM credential WHERE id = ANY($1::int[])`, [named.map((r) => r.id)]);
      expect(src.listed).toBeGreaterThan(50);

      // saturation: a few skills covered by many credentials, most by one or two
      const sat = await t.http().get('/api/metrics/saturation?limit=1000&from=2024-09&to=2026-10');
      expect(sat.status).toBe(200);
      const covered = (sat.body.rows as { credentials: number }[]).map((r) => r.credentials).sort((x, y) => y - x);
      expect(covered.length).toBeGreaterThan(100);
      expect(covered[0]).toBeGreaterThanOrEqual(8);
      expect(covered.filter((c) => c <= 2).length / covered.length).toBeGreaterThan(0.5);

      // admin: credentials the postings name that the catalog lacks, with counts
      const res = await t.http().get('/api/admin/credential-candidates?minSupport=3&limit=1000').set('X-API-Key', admin);
      expect(res.status).toBe(200);
      const candidates = res.body as { name: string; key: string; postings: number; byMonth: { postings: number }[]; examples: string[] }[];
      expect(candidates.length).toBeGreaterThanOrEqual(10);
      const demoNames = new Set(Object.values(UNLISTED_CREDENTIALS).flat().map((n) => `${n} certification`));
      // the catalog as the product loads it: none of these phrases is (or overlaps) a catalog
      // credential, so a re-extraction of the stored postings finds the same candidates
      const catalog = buildFullCatalog();
      const extractor = createExtractor({ skills: [], credentials: catalog.credentials.map((c, i) => ({ id: i + 1, name: c.name, shortNames: c.shortNames })) });
      for (const c of candidates) {
        expect(demoNames.has(c.name), c.name).toBe(true);
        expect(c.postings).toBeGreaterThanOrEqual(3);
        expect(c.byMonth.reduce((a, m) => a + m.postings, 0)).toBe(c.postings);
        expect(c.examples[0]).toContain(c.name);
        const again = extractor.extract(c.examples[0].replace(/^…|…$/g, ''));
        expect(again.candidates?.map((x) => x.key), c.examples[0]).toContain(c.key);
      }
      expect(candidates[0].postings).toBeGreaterThan(candidates[candidates.length - 1].postings);
    } finally {
      await t.close();
    }
  });

  // Last: it regenerates the data (generous timeout, the embedded database is slower).
  it('is deterministic: the same seed reproduces identical rows, another seed does not', async () => {
    const first = await checksum();
    await generateDemoData(ds, OPTS, quiet);
    expect(await checksum()).toBe(first);
    await generateDemoData(ds, { ...OPTS, seed: 8 }, quiet);
    expect(await checksum()).not.toBe(first);
  }, 240_000);
});

function pearson(x: number[], y: number[]): number {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}
