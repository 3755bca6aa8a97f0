import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding, FindingsResponse, PostingsResponse, ProgramDemandResponse, RecognitionResponse, RegionReport, SkillGapResponse } from '@credpulse/contracts';
import { generateDemoData } from '../../apps/api/src/modules/demo/demo.loader.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { truncateFacts } from './support/test-db.js';

// A board member's reading of the regional report on the demo data: it opens with key findings,
// each of which the metric API reproduces for the same filters; gaps are not office software
// that no credential teaches; no trend ends in a drop that is only a partial quarter.
// 12,000 postings / 5,000 awards (about 25 s to generate on PostgreSQL) is the smallest demo where
// California's two years clear every sample minimum of five rules.

const PERIOD = 'from=2024-11&to=2026-10';
const FONTS = join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts') + '/';
const binary = (res: Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

let t: TestApp;
let key: string;
let report: RegionReport;
let halves: NonNullable<FindingsResponse['halves']>;
const api = async <T>(path: string, query: Record<string, string>): Promise<T> => {
  const res = await t.http().get(`/api/${path}?${new URLSearchParams(query)}`).set('X-API-Key', key);
  expect(res.status, `${path}?${new URLSearchParams(query)}: ${JSON.stringify(res.body).slice(0, 300)}`).toBe(200);
  return res.body as T;
};

beforeAll(async () => {
  t = await startTestApp();
  await truncateFacts(t.ds);
  await generateDemoData(t.ds, { postings: 12_000, awards: 5_000, seed: 3 }, () => undefined);
  key = await t.apiKey('viewer');
  report = await api<RegionReport>('reports/region/state:06', Object.fromEntries(new URLSearchParams(PERIOD)));
  halves = (await api<FindingsResponse>('findings', { region: 'state:06', ...Object.fromEntries(new URLSearchParams(PERIOD)) })).halves!;
}, 300_000);
afterAll(async () => {
  await truncateFacts(t.ds);
  await t?.close();
});

/** Recomputes a finding's number from the metric endpoint its `source` names (and the comparison period). */
async function fromApi(f: Finding): Promise<number> {
  const q = f.source.query;
  const earlier = { ...q, ...halves.earlier };
  switch (f.rule) {
    case 'postings-growth': {
      const later = await api<PostingsResponse>('metrics/postings', q);
      expect(q).toMatchObject(halves.later);
      const before = await api<PostingsResponse>('metrics/postings', { ...q, ...halves.earlier });
      return Math.round(((later.totals.unique - before.totals.unique) / before.totals.unique) * 1000) / 10;
    }
    case 'recognition-rise':
    case 'recognition-fall': {
      const rate = async (qq: Record<string, string>) => (await api<RecognitionResponse>('metrics/recognition', qq)).rows.find((r) => r.key === f.subject.key)!.rates.any!;
      return Math.round(((await rate(q)) - (await rate(earlier))) * 1000) / 10;
    }
    case 'industry-naming':
      return (await api<RecognitionResponse>('metrics/recognition', q)).rows.find((r) => r.key === f.subject.key)!.rates.any!;
    case 'skill-gap': {
      const row = (await api<SkillGapResponse>('metrics/skill-gap', q)).rows.find((r) => r.key === f.subject.key)!;
      expect(row.aligned).toBe(true);
      expect(f.text).toContain(`${row.demand.toLocaleString('en-US')} postings`);
      return Math.round(row.ratio! * 100) / 100;
    }
    case 'skills-first': {
      const share = async (qq: Record<string, string>) => (await api<RecognitionResponse>('metrics/recognition', qq)).totals.skillsFirstShare!;
      return Math.round(((await share(q)) - (await share(earlier))) * 1000) / 10;
    }
    case 'program-gap':
      return Math.round((await api<ProgramDemandResponse>('metrics/program-demand', q)).rows.find((r) => r.cip === f.subject.key)!.gapPerYear!);
    default:
      throw new Error(`no API check for ${f.rule}`);
  }
}

describe('the regional report on the demo data', () => {
  it('opens with at least five key findings, each reproduced by the metric API for the same filters', async () => {
    expect(report.demo).toBe(true);
    expect(report.findings.length).toBeGreaterThanOrEqual(5);
    for (const f of report.findings) {
      expect(f.text).toMatch(/\d/);
      expect(f.period.from <= f.period.to).toBe(true);
      expect(f.comparison.label.length).toBeGreaterThan(0);
      expect(await fromApi(f), `${f.rule}: ${f.text}`).toBeCloseTo(f.value, 4);
    }
    // GET /api/findings gives the same findings as the report
    const direct = await api<FindingsResponse>('findings', { region: 'state:06', ...Object.fromEntries(new URLSearchParams(PERIOD)) });
    expect(direct.findings).toEqual(report.findings);
    expect(direct.minimums).toEqual({ postings: 100, skillDemand: 50, months: 6 });
  });

  it('each finding is traceable to a figure in the body', () => {
    for (const f of report.findings) {
      if (f.rule === 'skill-gap') expect(report.largestGaps.map((g) => g.key)).toContain(f.subject.key);
      if (f.rule === 'industry-naming') expect(report.industryNaming.find((i) => i.naics === f.subject.key)).toMatchObject({ rate: f.value });
      if (f.rule === 'recognition-rise' || f.rule === 'recognition-fall') expect(report.recognitionChange.map((c) => c.key)).toContain(f.subject.key);
      if (f.rule === 'program-gap') expect(report.programDemand[0].cip).toBe(f.subject.key);
    }
  });

  it('ranks gaps only among skills a catalogued credential teaches; office software no credential teaches is listed apart, not as ratio 0', async () => {
    const gap = await api<SkillGapResponse>('metrics/skill-gap', { region: 'state:06', ...Object.fromEntries(new URLSearchParams(PERIOD)), limit: '1000' });
    const aligned = new Map(gap.rows.map((r) => [r.key, r.aligned]));
    expect(report.largestGaps.length).toBeGreaterThan(0);
    for (const g of report.largestGaps) expect(aligned.get(g.key)).toBe(true);
    expect(report.notAligned.length).toBeGreaterThan(0);
    for (const s of report.notAligned) expect(aligned.get(s.key)).toBe(false);
    const outlook = gap.rows.find((r) => r.label === 'Microsoft Outlook');
    if (outlook && !outlook.aligned) {
      expect(outlook).toMatchObject({ ratio: null, bucket: 'no_credential_aligned' });
      expect(report.largestGaps.map((g) => g.label)).not.toContain('Microsoft Outlook');
    }
  });

  it('no trend ends in an artificial drop: 2026-Q4 holds one month of data and is marked partial, and compared per month', async () => {
    const q = await api<PostingsResponse>('metrics/postings', { region: 'state:06', from: '2025-01', to: '2026-12', granularity: 'quarter' });
    expect(q.rows.at(-1)).toMatchObject({ key: '2026-Q4', partial: true, months: 1, monthsInPeriod: 3 });
    expect(q.rows.slice(0, -1).every((r) => !r.partial)).toBe(true);
    expect(q.coverage).toMatchObject({ months: 22, monthsInPeriod: 24, partial: true, lastMonth: '2026-10' });
    const r = await api<RegionReport>('reports/region/state:06', { from: '2025-01', to: '2026-12' });
    const idx = r.trends.find((x) => x.kind === 'index')!;
    const [prev, last] = idx.points.slice(-2);
    expect(last).toMatchObject({ period: '2026-Q4', partial: true, months: 1 });
    // per month of data, the partial quarter sits near its neighbour, not at a third of it
    expect(last.region! / prev.region!).toBeGreaterThan(0.75);
  });

  it('the PDF opens with the same findings on its first page', async () => {
    const res = await t.http().get(`/api/reports/region/state:06.pdf?${PERIOD}`).set('X-API-Key', key).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    const doc = await getDocument({ data: new Uint8Array(res.body as Buffer), useSystemFonts: false, isEvalSupported: false, standardFontDataUrl: FONTS }).promise;
    const first = (await (await doc.getPage(1)).getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join(' ').replace(/\s+/g, ' ');
    expect(first).toContain('Key findings');
    for (const f of report.findings) expect(first).toContain(f.headline.slice(0, 30));
    await doc.destroy();
  });
});
