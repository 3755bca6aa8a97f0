import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FindingsResponse, ProgramReport, RecognitionResponse, RegionReport } from '@credpulse/contracts';
import { refreshRollups } from '../../apps/api/src/modules/analytics/catalogue/refresh.js';
import { loadExportFixture } from './export-records.fixture.js';
import { truncateFacts } from './support/test-db.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// Reports: the JSON behind the page, and the server-side PDF, read back with pdf.js (a PDF parser,
// not the writer): page count, and text that a board member would look for.

const binary = (res: Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

const FONTS = join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts') + '/';

async function pdfText(buf: Buffer): Promise<{ pages: number; text: string[]; paths: number[] }> {
  const doc = await getDocument({ data: new Uint8Array(buf), useSystemFonts: false, isEvalSupported: false, standardFontDataUrl: FONTS }).promise;
  const text: string[] = [];
  // path construction operators per page (pdf.js batches m/l/c/h into constructPath until a paint)
  const paths: number[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    text.push(content.items.map((it) => ('str' in it ? it.str : '')).join(' ').replace(/\s+/g, ' '));
    const ops = await page.getOperatorList();
    paths.push(ops.fnArray.filter((fn) => fn === OPS.constructPath).length);
  }
  await doc.destroy();
  return { pages: doc.numPages, text, paths };
}

describe('regional and program reports', () => {
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    t = await startTestApp();
    await truncateFacts(t.ds);
    await loadExportFixture(t.ds);
    await t.ds.query(`INSERT INTO app_meta(key, value) VALUES ('demo', '{"synthetic": true}') ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`);
    await refreshRollups(t.ds);
    key = await t.apiKey('viewer');
  });
  afterAll(() => t?.close());

  it('the California report JSON agrees with the metric endpoints for the same period', async () => {
    const res = await t.http().get('/api/reports/region/state:06?from=2025-01&to=2025-12').set('X-API-Key', key);
    expect(res.status).toBe(200);
    const r = res.body as RegionReport;
    expect(r.regionName).toBe('California');
    expect(r.demo).toBe(true);
    const postings = await t.http().get('/api/metrics/postings?region=state:06&from=2025-01&to=2025-12').set('X-API-Key', key);
    expect(r.headline.uniquePostings).toBe(postings.body.totals.unique);
    const [{ n }] = await t.ds.query(`SELECT count(*) FILTER (WHERE NOT is_duplicate)::int AS n FROM job_posting WHERE state_fips = '06'`);
    expect(r.headline.uniquePostings).toBe(n);
    expect(r.topSkills.length).toBeGreaterThan(0);
    expect(r.topSkills[0].demand).toBeGreaterThanOrEqual(r.topSkills[r.topSkills.length - 1].demand);
    expect(r.methodVersions).toHaveProperty('skill-gap');
  });

  it('the regional PDF has its pages, headline figures, demo notice, methodology and page footers as real text', async () => {
    const res = await t.http().get('/api/reports/region/state:06.pdf?from=2025-01&to=2025-12').set('X-API-Key', key).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(/credpulse_region-report_state-06_\d{4}-\d{2}-\d{2}\.pdf/);
    const { pages, text } = await pdfText(res.body as Buffer);
    expect(pages).toBeGreaterThanOrEqual(2);
    const all = text.join(' ');
    const [{ n }] = await t.ds.query(`SELECT count(*) FILTER (WHERE NOT is_duplicate)::int AS n FROM job_posting WHERE state_fips = '06'`);
    expect(text[0]).toContain('Credential Pulse regional report: California');
    expect(text[0]).toContain('DEMO DATA');
    expect(all).toMatch(new RegExp(`Unique job postings ${n.toLocaleString('en-US')}`));
    expect(text[0]).toContain('Key findings');
    expect(text[0]).toContain('How to read this');
    expect(all).toContain('Methods: postings@');
    expect(all).toContain('Most demanded skills');
    expect(all).toContain('Methodology and sources');
    expect(all).toContain('Program demand');
    for (let i = 0; i < pages; i++) expect(text[i]).toContain(`page ${i + 1} of ${pages}`);
  });

  it('draws California with its 58 counties as vector paths, beside trends of the region and the nation', async () => {
    const res = await t.http().get('/api/reports/region/state:06.pdf?from=2025-01&to=2025-12').set('X-API-Key', key).buffer(true).parse(binary);
    const { text, paths } = await pdfText(res.body as Buffer);
    const json = (await t.http().get('/api/reports/region/state:06?from=2025-01&to=2025-12').set('X-API-Key', key)).body as RegionReport;
    expect(json.map).toMatchObject({ level: 'county', measure: 'Unique job postings', context: ['06'] });
    expect(json.map.areas).toHaveLength(58);
    // the fixture's two California counties carry all of its postings
    const [{ n }] = await t.ds.query(`SELECT count(*) FILTER (WHERE NOT is_duplicate)::int AS n FROM job_posting WHERE state_fips = '06'`);
    expect(json.map.areas.reduce((s, a) => s + (a.value ?? 0), 0)).toBe(n);
    const mapPage = text.findIndex((p) => p.includes('Where: the region on a map'));
    expect(mapPage).toBeGreaterThanOrEqual(0);
    // every county is its own filled path (plus the state outline, legend swatches, rules)
    expect(paths[mapPage]).toBeGreaterThanOrEqual(58);
    expect(text.join(' ')).toContain('Trends: the region beside the nation');
    expect(json.trends.map((x) => x.kind)).toEqual(['index', 'share']);
    expect(json.trends[0].points.every((p) => p.nation !== undefined)).toBe(true);
    const q1 = (await t.http().get('/api/metrics/recognition?region=state:06&from=2025-01&to=2025-03&limit=1').set('X-API-Key', key)).body as RecognitionResponse;
    expect(json.trends[1].points.find((p) => p.period === '2025-Q1')!.region).toBeCloseTo(q1.totals.skillsFirstShare!, 4);
  });

  it('states no finding from a sample below the minimum, and says why', async () => {
    const r = (await t.http().get('/api/findings?region=state:06&from=2025-01&to=2025-12').set('X-API-Key', key)).body as FindingsResponse;
    // 120 California postings in the year: 60 a half, under the minimum of 100
    expect(r.findings.map((f) => f.rule)).not.toContain('postings-growth');
    expect(r.omitted).toContainEqual({ rule: 'postings-growth', reason: 'fewer than 100 unique postings in a half of the period' });
    const bad = await t.http().get('/api/findings?region=state:06&naics=62').set('X-API-Key', key);
    expect(bad.status).toBe(400);
    expect(bad.body.parameter).toBe('naics');
  });

  it('a region where every figure about people is suppressed gets a report that says so, in JSON and PDF', async () => {
    // Alpine County: the fixture's 60 postings and now 4 awards (under k = 10) of one credential
    const alpine = '06003';
    await t.ds.query(
      `INSERT INTO credential_award(source_key, learner_key, credential_id, award_date, county_fips, state_fips, program_cip)
       SELECT 'fx:alpine' || g, 'LA' || g, (SELECT id FROM credential WHERE source_key = 'fx:c1'), DATE '2025-03-01' + g, $1, '06', '11.0701' FROM generate_series(1, 4) g`,
      [alpine],
    );
    await refreshRollups(t.ds);
    const res = await t.http().get(`/api/reports/region/county:${alpine}?from=2025-01&to=2025-12`).set('X-API-Key', key);
    expect(res.status).toBe(200);
    const r = res.body as RegionReport;
    expect(r.notices.join(' ')).toMatch(/Every figure about people in this report for Alpine County, CA .* is suppressed/);
    expect(r.findings.filter((f) => f.rule === 'skill-gap' || f.rule === 'program-gap')).toEqual([]);
    expect(r.map.areas).toEqual([{ fips: alpine, name: expect.stringContaining('Alpine'), value: 60, suppressed: false }]);
    const pdf = await t.http().get(`/api/reports/region/county:${alpine}.pdf?from=2025-01&to=2025-12`).set('X-API-Key', key).buffer(true).parse(binary);
    expect(pdf.status).toBe(200);
    const { text, paths } = await pdfText(pdf.body as Buffer);
    expect(text[0]).toContain('What this report cannot show');
    expect(text[0]).toContain('suppressed to protect them');
    expect(paths.some((n) => n > 0)).toBe(true);
    // a county with no data at all: a plain statement, not an empty page or a 500
    const empty = await t.http().get('/api/reports/region/county:06005.pdf?from=2025-01&to=2025-12').set('X-API-Key', key).buffer(true).parse(binary);
    expect(empty.status).toBe(200);
    expect((await pdfText(empty.body as Buffer)).text[0]).toContain('No job postings were loaded for Amador County, CA');
  });

  it('the program PDF for CIP 11.0701 names the program and its occupations; a bad region is a 400, not a 500', async () => {
    const res = await t.http().get('/api/reports/program/11.0701.pdf?from=2025-01&to=2025-12').set('X-API-Key', key).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    const { pages, text } = await pdfText(res.body as Buffer);
    expect(pages).toBeGreaterThanOrEqual(1);
    const all = text.join(' ');
    expect(all).toMatch(/Credential Pulse program report: .*\(CIP 11\.0701\)/);
    expect(all).toContain('Postings by occupation (SOC)');
    expect(all).toContain('Outcomes of earners');
    expect(text[0]).toContain('Key findings');
    // its map: postings in the program's occupations by state, adding up to the headline openings
    const json = (await t.http().get('/api/reports/program/11.0701?from=2025-01&to=2025-12').set('X-API-Key', key)).body as ProgramReport;
    expect(json.map).toMatchObject({ level: 'state', measure: "Postings in the program's occupations" });
    expect(json.map.areas.reduce((s, a) => s + (a.value ?? 0), 0)).toBe(json.headline.openings);
    expect(json.trends[0].kind).toBe('index');
    const bad = await t.http().get('/api/reports/region/state:6.pdf').set('X-API-Key', key);
    expect(bad.status).toBe(400);
    expect(bad.body.parameter).toBe('region');
  });
});
