import type { ProgramSkillsResponse } from '@credpulse/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedAnalyticsDataset } from '../fixtures/analytics-dataset.fixture.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { truncateFacts } from './support/test-db.js';

let t: TestApp;
const get = (q: string) => t.http().get(`/api/metrics/program-skills?${q}`);

beforeAll(async () => {
  t = await startTestApp();
  await truncateFacts(t.ds);
  await seedAnalyticsDataset(t.ds);
});
afterAll(async () => t?.close());

describe("a dean compares the skills employers ask for in a program's occupations with the skills it covers", () => {
  it('nursing assistant program: patient care is asked for and covered by the CNA its 15 students earned', async () => {
    const res = await get('cip=51.3902&from=2024-12&to=2025-03');
    expect(res.status).toBe(200);
    const body = res.body as ProgramSkillsResponse;
    // SOC 31-1131 postings that are not reposts: p1, p2, p7, p9. Only p1 names patient care (required).
    expect(body.totals).toEqual({ postings: 4, credentials: 1, coveredDemandShare: 1 });
    expect(body.rows).toEqual([
      { key: 'test-patient-care', label: 'Patient care', demand: 1, required: 1, share: 0.25, covered: true, coveredBy: ['Certified Nursing Assistant'] },
    ]);
  });

  it('computer science: Python is asked for (2 required, 1 preferred) but not covered, since 5 AWS awards are fewer than k', async () => {
    const body = (await get('cip=11.0701&from=2024-12&to=2025-03')).body as ProgramSkillsResponse;
    expect(body.totals).toEqual({ postings: 3, credentials: 0, coveredDemandShare: 0 });
    expect(body.rows).toEqual([{ key: 'test-python', label: 'Python', demand: 3, required: 2, share: 1, covered: false, coveredBy: [] }]);
  });

  it('a region filter narrows the postings: Texas has one software posting with a county and one without', async () => {
    const body = (await get('cip=11.0701&from=2024-12&to=2025-03&region=state:48')).body as ProgramSkillsResponse;
    expect(body.totals.postings).toBe(2);
    expect(body.rows[0]).toMatchObject({ key: 'test-python', demand: 2, required: 1 });
  });

  it('without a program the answer is a 400 naming cip', async () => {
    const res = await get('from=2025-01&to=2025-03');
    expect(res.status).toBe(400);
    expect(res.body.parameter).toBe('cip');
  });
});
