import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegionReport } from '@credpulse/contracts';
import { refreshRollups } from '../../apps/api/src/modules/analytics/rollups/rollups.service.js';
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

async function pdfText(buf: Buffer): Promise<{ pages: number; text: string[] }> {
  const doc = await getDocument({ data: new Uint8Array(buf), useSystemFonts: false, isEvalSupported: false, standardFontDataUrl: FONTS }).promise;
  const text: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    text.push(content.items.map((it) => ('str' in it ? it.str : '')).join(' ').replace(/\s+/g, ' '));
  }
  await doc.destroy();
  return { pages: doc.numPages, text };
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
    expect(text[0]).toMatch(new RegExp(`Unique job postings ${n.toLocaleString('en-US')}`));
    expect(all).toContain('Most demanded skills');
    expect(all).toContain('Methodology and sources');
    expect(all).toContain('Program demand');
    for (let i = 0; i < pages; i++) expect(text[i]).toContain(`page ${i + 1} of ${pages}`);
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
    const bad = await t.http().get('/api/reports/region/state:6.pdf').set('X-API-Key', key);
    expect(bad.status).toBe(400);
    expect(bad.body.parameter).toBe('region');
  });
});
