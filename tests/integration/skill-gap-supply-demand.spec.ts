import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConcentrationResponse, ProgramDemandResponse, RegionReport, SkillGapResponse } from '@credpulse/contracts';
import { FilterService } from '../../apps/api/src/modules/analytics/filters/filter.service.js';
import { refreshRollups } from '../../apps/api/src/modules/analytics/catalogue/refresh.js';
import { CONCENTRATION_SPEC, ConcentrationService } from '../../apps/api/src/modules/concentration/concentration.service.js';
import { PROGRAM_DEMAND_SPEC, ProgramDemandService } from '../../apps/api/src/modules/program-demand/program-demand.service.js';
import { SKILL_GAP_SPEC, SkillGapService } from '../../apps/api/src/modules/skill-gap/skill-gap.service.js';
import { seedAnalyticsDataset } from '../fixtures/analytics-dataset.fixture.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { truncateFacts } from './support/test-db.js';

let t: TestApp;
let key: string;
const get = async (path: string, q: string) => t.http().get(`/api/metrics/${path}?${q}`).set('X-API-Key', key);

beforeAll(async () => {
  t = await startTestApp();
  await truncateFacts(t.ds);
  await seedAnalyticsDataset(t.ds);
  await refreshRollups(t.ds);
  key = await t.apiKey('viewer');
});
afterAll(async () => t?.close());

describe('skill gap', () => {
  it('puts demand and protected supply beside the ratio and its bucket', async () => {
    const body = (await get('skill-gap', 'from=2024-01&to=2025-03')).body as SkillGapResponse;
    // patient care: demand p1, p4; supply 15 CNA awards -> 7.5, very oversupplied.
    expect(body.rows.find((r) => r.key === 'test-patient-care')).toMatchObject({ demand: 2, supply: { value: 15, suppressed: false }, ratio: 7.5, bucket: 'very_oversupplied' });
    // python: demand p5, p6, p8; supply 5 AWS awards < k = 10 -> suppressed, null, never 0; no ratio.
    expect(body.rows.find((r) => r.key === 'test-python')).toMatchObject({ demand: 3, supply: { value: null, suppressed: true }, ratio: null, bucket: null });
    expect(body.suppressedCells).toBe(1);
    expect(body.methodVersion).toMatch(/^skillGap@1\.1\.0/);
    expect(body.rows.every((r) => r.aligned)).toBe(true);
  });

  it('trend by month: the total cannot reveal a suppressed month', async () => {
    const body = (await get('skill-gap', 'skill=test-patient-care&from=2025-01&to=2025-03&groupBy=month')).body as SkillGapResponse;
    // CNA awards: Jan 4 CA, Feb 4 CA + 3 TX, Mar 4 CA -> 4, 7, 4 all below k: all hidden, and the total (15) is shown.
    expect(body.rows.map((r) => [r.key, r.demand, r.supply.value])).toEqual([
      ['2025-01', 1, null],
      ['2025-02', 1, null],
      ['2025-03', 0, null],
    ]);
    expect(body.totals).toMatchObject({ demand: 2, supply: 15, ratio: 7.5 });
  });

  for (const q of ['from=2024-01&to=2025-03', 'region=state:06&from=2024-01&to=2025-03', 'skill=test-python&from=2024-01&to=2025-03&groupBy=month', 'from=2025-01&to=2025-03&groupBy=naics2']) {
    it(`rollups and raw rows agree: ${q}`, async () => {
      const f = await t.app.get(FilterService).parse(Object.fromEntries(new URLSearchParams(q)), SKILL_GAP_SPEC);
      const a = await t.app.get(SkillGapService).compute(f);
      const b = await t.app.get(SkillGapService).compute(f, { raw: true });
      expect(a.rows).toEqual(b.rows);
      expect(a.totals).toEqual(b.totals);
    });
  }
});

describe('skill gap: a skill no catalogued credential teaches', () => {
  beforeAll(async () => {
    // Office software asked for by three postings; no credential_skill row names it.
    await t.ds.query(`INSERT INTO skill(id, source, name) VALUES ('test-outlook', 'test', 'Microsoft Outlook') ON CONFLICT DO NOTHING`);
    await t.ds.query(`INSERT INTO posting_skill(posting_id, skill_id, level) VALUES (1, 'test-outlook', 1), (4, 'test-outlook', 1), (5, 'test-outlook', 2)`);
    await refreshRollups(t.ds);
  });
  afterAll(async () => {
    await t.ds.query(`DELETE FROM posting_skill WHERE skill_id = 'test-outlook'`);
    await refreshRollups(t.ds);
  });

  it('is flagged aligned: false with no ratio and the bucket no_credential_aligned, never "very undersupplied"', async () => {
    const body = (await get('skill-gap', 'from=2024-01&to=2025-03')).body as SkillGapResponse;
    expect(body.rows.find((r) => r.key === 'test-outlook')).toMatchObject({ demand: 3, supply: { value: 0, suppressed: false }, ratio: null, bucket: 'no_credential_aligned', aligned: false });
    expect(body.rows.find((r) => r.key === 'test-patient-care')).toMatchObject({ aligned: true, bucket: 'very_oversupplied' });
    const month = (await get('skill-gap', 'skill=test-outlook&from=2025-01&to=2025-03&groupBy=month')).body as SkillGapResponse;
    expect(month.rows.every((r) => r.aligned === false && r.ratio === null)).toBe(true);
  });

  it('the skill-gap export carries the same flag: aligned false, no ratio, bucket no_credential_aligned', async () => {
    const res = await t.http().get('/api/exports/metrics/skill-gap?format=csv&from=2024-01&to=2025-03').set('X-API-Key', key).buffer(true);
    expect(res.status).toBe(200);
    const [header, ...lines] = res.text.trim().split(/\r?\n/);
    const cols = header.split(',');
    const row = lines.map((l) => l.split(',')).find((c) => c[cols.indexOf('key')] === 'test-outlook')!;
    expect(row[cols.indexOf('aligned')]).toBe('false');
    expect(row[cols.indexOf('bucket')]).toBe('no_credential_aligned');
    expect(row[cols.indexOf('ratio')]).toBe('');
  });

  it('the regional report ranks gaps among aligned skills only and lists the skill apart', async () => {
    const r = (await t.http().get('/api/reports/region/us?from=2024-01&to=2025-03').set('X-API-Key', key)).body as RegionReport;
    expect(r.largestGaps.map((g) => g.key)).not.toContain('test-outlook');
    expect(r.notAligned).toContainEqual({ key: 'test-outlook', label: 'Microsoft Outlook', demand: 3 });
  });
});

describe('program demand', () => {
  it('maps programs to SOCs through the crosswalk with openings, protected completions and both methods labelled', async () => {
    const body = (await get('program-demand', 'from=2024-01&to=2025-12')).body as ProgramDemandResponse;
    const cna = body.rows.find((r) => r.cip === '51.3902')!;
    // openings in 31-1131: p9, p1, p2, p7; completions 15 over 2 years
    expect(cna.openings).toBe(4);
    expect(cna.socs).toEqual([{ soc: '31-1131', title: 'Nursing Assistants', openings: 4, allocatedCompletions: cna.completionsPerYear.value }]);
    const aws = body.rows.find((r) => r.cip === '11.0701')!;
    expect(aws.completionsPerYear).toEqual({ value: null, suppressed: true });
    // with AWS hidden and the total published, one more cell must go: the CNA figure or the total
    expect(cna.completionsPerYear.suppressed || body.totals.completionsPerYear === null).toBe(true);
    expect(body.methods).toEqual({
      fullCredit: 'programDemand@1.0.0',
      proportional: 'programDemandProportional@1.0.0',
      public: 'programDemandPublic@1.0.0+disclosure@1.0.0',
      publicFullCredit: 'programDemandPublicFullCredit@1.0.0',
    });
  });

  it('rollups and raw rows agree', async () => {
    const f = await t.app.get(FilterService).parse({ from: '2024-01', to: '2025-12', region: 'state:06' }, PROGRAM_DEMAND_SPEC);
    const a = await t.app.get(ProgramDemandService).compute(f);
    const b = await t.app.get(ProgramDemandService).compute(f, { raw: true });
    expect(a.rows).toEqual(b.rows);
    expect(a.totals).toEqual(b.totals);
  });
});

describe('concentration', () => {
  it('computes location quotients against the nation as worked out by hand', async () => {
    const body = (await get('concentration', 'region=state:06&from=2025-01&to=2025-03')).body as ConcentrationResponse;
    // CA: 62 -> 3 of 4, 54 -> 1 of 4; nation: 62 -> 4 of 7, 54 -> 3 of 7
    expect(body.rows.map((r) => [r.key, r.count, r.lq, r.concentrated])).toEqual([
      ['62', 3, 1.3125, true],
      ['54', 1, 0.5833, false],
    ]);
    expect(body.totals).toEqual({ regionTotal: 4, nationTotal: 7 });
  });

  it('shift-share components add up to the actual change', async () => {
    const body = (await get('concentration', 'region=state:06&from=2025-02&to=2025-02&baseFrom=2025-01&baseTo=2025-01')).body as ConcentrationResponse;
    // base Jan: CA 62 = 2 (p1, p2), nation 62 = 2, nation = 2; Feb: CA 62 = 1 (p4), nation 62 = 1, nation = 2
    const r = body.rows.find((x) => x.key === '62')!;
    expect(r.shiftShare).toEqual({ base: 2, change: -1, national: 0, industryMix: -1, competitive: 0 });
  });

  for (const q of ['region=state:06&from=2025-01&to=2025-03', 'from=2025-01&to=2025-03&groupBy=state&naics=62', 'region=state:48&from=2025-01&to=2025-03&groupBy=soc&baseFrom=2024-12&baseTo=2024-12']) {
    it(`rollups and raw rows agree: ${q}`, async () => {
      const f = await t.app.get(FilterService).parse(Object.fromEntries(new URLSearchParams(q)), CONCENTRATION_SPEC);
      const a = await t.app.get(ConcentrationService).compute(f);
      const b = await t.app.get(ConcentrationService).compute(f, { raw: true });
      expect(a.rows).toEqual(b.rows);
      expect(a.totals).toEqual(b.totals);
    });
  }
});
