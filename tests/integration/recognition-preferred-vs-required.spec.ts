import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecognitionResponse } from '@credpulse/contracts';
import { FilterService } from '../../apps/api/src/modules/analytics/filters/filter.service.js';
import { refreshRollups } from '../../apps/api/src/modules/analytics/catalogue/refresh.js';
import { RECOGNITION_SPEC, RecognitionService } from '../../apps/api/src/modules/recognition/recognition.service.js';
import { seedAnalyticsDataset } from '../fixtures/analytics-dataset.fixture.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { truncateFacts } from './support/test-db.js';

let t: TestApp;
let key: string;
const get = async (q: string) => t.http().get(`/api/metrics/recognition?${q}`).set('X-API-Key', key);

beforeAll(async () => {
  t = await startTestApp();
  await truncateFacts(t.ds);
  await seedAnalyticsDataset(t.ds);
  await refreshRollups(t.ds);
  key = await t.apiKey('viewer');
});
afterAll(async () => t?.close());

describe('employer recognition, nationwide, January to March 2025', () => {
  it('splits recognition by level and never counts "preferred" as "required"', async () => {
    const res = await get('from=2025-01&to=2025-03');
    expect(res.status).toBe(200);
    const body = res.body as RecognitionResponse;
    const row = (k: string) => body.rows.find((r) => r.key === k)!;
    // AWS (target 15-1252: p5, p6, p8): p5 preferred, p6 in lieu, nobody requires it.
    expect(row('9002')).toMatchObject({ postings: 3, naming: { any: 2, required: 0, preferred: 1, in_lieu: 1 }, rates: { any: 0.6667, required: 0, preferred: 0.3333, in_lieu: 0.3333 } });
    // CNA (target 31-1131: p1, p2, p7; p3 is a duplicate, p4 names it outside its target SOC).
    expect(row('9001')).toMatchObject({ postings: 3, naming: { any: 3, required: 1, preferred: 1, in_lieu: 1 } });
    // any micro-credential: p1 required; p2, p5 preferred; p4, p6, p7 in lieu; of 7 unique postings.
    expect(body.rows[0]).toMatchObject({ key: 'any', postings: 7, naming: { any: 6, required: 1, preferred: 2, in_lieu: 3 } });
    // bachelor or higher: p4, p5, p8; skills-first: p2 (no degree), p4 (in lieu), p6 (no degree)
    expect(body.totals).toEqual({ postings: 7, degreeRequirementShare: 0.4286, skillsFirstShare: 0.4286 });
    expect(body.methodVersion).toBe('recognition@1.0.0');
  });

  it('matches hand-written SQL for the required level of every credential', async () => {
    const sql: { id: number; n: number }[] = await t.ds.query(`
      SELECT pc.credential_id AS id, count(*)::int AS n FROM posting_credential pc JOIN job_posting p ON p.id = pc.posting_id
      JOIN credential_soc cs ON cs.credential_id = pc.credential_id AND cs.soc_code = p.soc_code
      WHERE pc.level = 1 AND NOT p.is_duplicate AND p.posted_date BETWEEN '2025-01-01' AND '2025-03-31' GROUP BY 1`);
    const body = (await get('from=2025-01&to=2025-03')).body as RecognitionResponse;
    for (const r of body.rows.filter((x) => x.key !== 'any')) expect(r.naming.required).toBe(sql.find((s) => String(s.id) === r.key)?.n ?? 0);
  });

  it('by industry: degree and skills-first shares per sector', async () => {
    const body = (await get('from=2025-01&to=2025-03&groupBy=naics2')).body as RecognitionResponse;
    // 62: p1, p2, p4, p7 (p4 bachelor, in lieu; p2 no degree); 54: p5, p6, p8
    expect(body.rows.map((r) => [r.key, r.postings, r.degreeRequirementShare, r.skillsFirstShare])).toEqual([
      ['62', 4, 0.25, 0.5],
      ['54', 3, 0.6667, 0.3333],
    ]);
  });

  const agree = [
    'from=2025-01&to=2025-03',
    'region=state:06&from=2025-01&to=2025-03',
    'from=2025-01&to=2025-03&groupBy=naics2',
    'naics=62&from=2024-12&to=2025-03&credential=9001',
    'naics=62&from=2024-12&to=2025-03',
    'naics=54&region=state:06&from=2024-12&to=2025-03',
    'naics=621&from=2024-12&to=2025-03',
  ];
  for (const q of agree) {
    it(`rollups and raw rows agree: ${q}`, async () => {
      const f = await t.app.get(FilterService).parse(Object.fromEntries(new URLSearchParams(q)), RECOGNITION_SPEC);
      const a = await t.app.get(RecognitionService).compute(f);
      const b = await t.app.get(RecognitionService).compute(f, { raw: true });
      // a sector (2-digit NAICS) filter reads the target-SOC market rollup; finer NAICS codes need raw rows
      if (!q.includes('naics=621')) expect(a.notes).toContain('Answered from the monthly rollups.');
      else expect(a.notes).not.toContain('Answered from the monthly rollups.');
      expect(a.rows).toEqual(b.rows);
      expect(a.totals).toEqual(b.totals);
    });
  }

  it("under a sector filter, a credential's denominator counts only its target-SOC postings in that sector", async () => {
    // CNA (9001) targets 31-1131, posted Dec 2024 to Mar 2025 only in health care (62): p1, p2, p7, p9
    const health = (await get('naics=62&from=2024-12&to=2025-03&credential=9001')).body as RecognitionResponse;
    expect(health.rows.find((r) => r.key === '9001')).toMatchObject({ postings: 4 });
    // in professional services (54) nursing assistants have no market: 0 postings, no rate
    const prof = (await get('naics=54&from=2024-12&to=2025-03&credential=9001')).body as RecognitionResponse;
    expect(prof.rows.find((r) => r.key === '9001')).toMatchObject({ postings: 0, rates: { any: null } });
    expect(prof.notes).toContain('Answered from the monthly rollups.');
  });
});
