import { METRIC_NAMES, periodsOf, type ConcentrationResponse, type EquityResponse, type MetricName, type MetricSeriesResponses, type OutcomesResponse, type PostingsResponse, type ProgramDemandResponse, type ProgramSkillsResponse, type RecognitionResponse, type SaturationResponse, type SkillGapResponse } from '@credpulse/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FilterService } from '../../apps/api/src/modules/analytics/filters/filter.service.js';
import { withPeriods } from '../../apps/api/src/modules/analytics/periods/period-series.js';
import { refreshRollups } from '../../apps/api/src/modules/analytics/catalogue/refresh.js';
import { ConcentrationSeriesService } from '../../apps/api/src/modules/concentration/concentration-series.service.js';
import { CONCENTRATION_SPEC } from '../../apps/api/src/modules/concentration/concentration.service.js';
import { EquitySeriesService } from '../../apps/api/src/modules/equity/equity-series.service.js';
import { EQUITY_SPEC } from '../../apps/api/src/modules/equity/equity.service.js';
import { OutcomesSeriesService } from '../../apps/api/src/modules/outcomes/outcomes-series.service.js';
import { OUTCOMES_SPEC } from '../../apps/api/src/modules/outcomes/outcomes.service.js';
import { OutcomesRepository } from '../../apps/api/src/modules/outcomes/outcomes.repository.js';
import { PathwaysSeriesService } from '../../apps/api/src/modules/pathways/pathways-series.service.js';
import { PathwaysRepository } from '../../apps/api/src/modules/pathways/pathways.repository.js';
import { PATHWAYS_SPEC } from '../../apps/api/src/modules/pathways/pathways.service.js';
import { SaturationSeriesService } from '../../apps/api/src/modules/saturation/saturation-series.service.js';
import { SATURATION_SPEC } from '../../apps/api/src/modules/saturation/saturation.service.js';
import { ProgramDemandSeriesService } from '../../apps/api/src/modules/program-demand/program-demand-series.service.js';
import { PROGRAM_DEMAND_SPEC } from '../../apps/api/src/modules/program-demand/program-demand.service.js';
import { POSTINGS_SPEC, PostingsService } from '../../apps/api/src/modules/postings/postings.service.js';
import { RecognitionSeriesService } from '../../apps/api/src/modules/recognition/recognition-series.service.js';
import { RECOGNITION_SPEC } from '../../apps/api/src/modules/recognition/recognition.service.js';
import { SkillGapSeriesService } from '../../apps/api/src/modules/skill-gap/skill-gap-series.service.js';
import { SKILL_GAP_SPEC } from '../../apps/api/src/modules/skill-gap/skill-gap.service.js';
import { seedAnalyticsDataset } from '../fixtures/analytics-dataset.fixture.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { truncateFacts } from './support/test-db.js';

// Issue 15: every metric endpoint answers groupBy=period&granularity=month|quarter|year with one row
// per period (2025-03, 2025-Q1, 2025), people counts protected per period. The dataset is the
// hand-built analytics fixture (2024-12 .. 2025-03) plus CNA awards later in 2025: 12 in May (Q2)
// and 4 in August (Q3), so Q3's 4 awards are under k = 10 while the year's 31 are not.

let t: TestApp;
let key: string;
const get = async <M extends MetricName>(m: M, q: string): Promise<MetricSeriesResponses[M]> => (await t.http().get(`/api/metrics/${m}?${q}`).set('X-API-Key', key).expect(200)).body;
const getDefault = async (m: MetricName, q: string) => (await t.http().get(`/api/metrics/${m}?${q}`).set('X-API-Key', key).expect(200)).body;

beforeAll(async () => {
  t = await startTestApp();
  await truncateFacts(t.ds);
  await seedAnalyticsDataset(t.ds);
  const later: string[] = [];
  for (let i = 0; i < 12; i++) later.push(`('a-may-${i}', 'l-may-${i}', 9001, '2025-05-12', '06037', '06', '51.3902')`);
  for (let i = 0; i < 4; i++) later.push(`('a-aug-${i}', 'l-aug-${i}', 9001, '2025-08-12', '06037', '06', '51.3902')`);
  await t.ds.query(`INSERT INTO credential_award(source_key, learner_key, credential_id, award_date, county_fips, state_fips, program_cip) VALUES ${later.join(', ')}`);
  await refreshRollups(t.ds);
  key = await t.apiKey('viewer');
});
afterAll(async () => t?.close());

// program-skills is about one program, so it needs one
const extra = (m: MetricName) => (m === 'program-skills' ? '&cip=51.3902' : '');

describe('every metric endpoint answers the quarterly series', () => {
  it.each(METRIC_NAMES)('%s: one row per quarter of the range, keyed 2025-Qn, with its months', async (m) => {
    const body = await get(m, `groupBy=period&granularity=quarter&from=2024-11&to=2025-09${extra(m)}`);
    expect(body.query).toMatchObject({ groupBy: 'period', granularity: 'quarter', from: '2024-11', to: '2025-09' });
    expect(body.rows.map((r) => [r.key, r.from, r.to, r.monthsInPeriod])).toEqual([
      ['2024-Q4', '2024-11', '2024-12', 3],
      ['2025-Q1', '2025-01', '2025-03', 3],
      ['2025-Q2', '2025-04', '2025-06', 3],
      ['2025-Q3', '2025-07', '2025-09', 3],
    ]);
    // the quarter cut by the range is partial
    expect(body.rows[0].partial).toBe(true);
  });

  it('month and year keys: 2025-03 and 2025', async () => {
    expect((await get('recognition', 'groupBy=period&granularity=month&from=2025-02&to=2025-03')).rows.map((r) => r.key)).toEqual(['2025-02', '2025-03']);
    expect((await get('recognition', 'groupBy=period&granularity=year&from=2024-12&to=2025-03')).rows.map((r) => r.key)).toEqual(['2024', '2025']);
  });

  it('granularity without groupBy=period is a 400 naming granularity, not silently ignored', async () => {
    const res = await t.http().get('/api/metrics/recognition?granularity=quarter').set('X-API-Key', key).expect(400);
    expect(res.body).toMatchObject({ status: 400, parameter: 'granularity' });
  });
});

describe('periods add up to the ungrouped answer', () => {
  it('postings: quarterly unique and total sum to the range totals; new and active per quarter', async () => {
    const series = await get('postings', 'groupBy=period&granularity=quarter&from=2024-10&to=2025-03');
    const whole = (await getDefault('postings', 'from=2024-10&to=2025-03')) as PostingsResponse;
    // p9 (Dec 2024) in Q4; p1, p2, p4-p8 in Q1 (p3 is a duplicate: total only)
    expect(series.rows.map((r) => [r.key, r.unique, r.total])).toEqual([
      ['2024-Q4', 1, 1],
      ['2025-Q1', 7, 8],
    ]);
    expect(series.rows.reduce((s, r) => s + r.unique, 0)).toBe(whole.totals.unique);
    expect(series.rows.reduce((s, r) => s + r.total, 0)).toBe(whole.totals.total);
    expect(series.totals).toEqual(whole.totals);
  });

  it('recognition: postings per quarter sum to the total; naming any micro-credential per quarter', async () => {
    const series = await get('recognition', 'groupBy=period&granularity=quarter&from=2024-10&to=2025-03');
    const whole = (await getDefault('recognition', 'from=2024-10&to=2025-03')) as RecognitionResponse;
    expect(series.rows.reduce((s, r) => s + r.postings, 0)).toBe(whole.totals.postings);
    expect(series.totals).toEqual(whole.totals);
    const any = whole.rows.find((r) => r.key === 'any')!;
    const named = series.rows.reduce((s, r) => s + r.naming.any, 0);
    expect(named).toBe(any.naming.any);
    // Q1 2025: p1 (CNA required), p2 (CNA preferred), p4 (CNA in lieu), p5 (AWS preferred), p6 (AWS in lieu), p7 (CNA in lieu) of 7
    expect(series.rows[1]).toMatchObject({ key: '2025-Q1', postings: 7, credential: 'any', targetPostings: 7, naming: { any: 6, required: 1, preferred: 2, in_lieu: 3 } });
  });

  it('skill gap: quarterly demand sums to the skill total', async () => {
    const series = await get('skill-gap', 'groupBy=period&granularity=quarter&skill=test-python&from=2025-01&to=2025-12');
    const whole = (await getDefault('skill-gap', 'skill=test-python&from=2025-01&to=2025-12')) as SkillGapResponse;
    expect(series.rows.reduce((s, r) => s + r.demand, 0)).toBe(whole.rows.find((r) => r.key === 'test-python')!.demand);
  });
});

describe('program demand per period', () => {
  it('openings per quarter sum to the ungrouped openings; awards in the program are protected per quarter', async () => {
    const q = await get('program-demand', 'groupBy=period&granularity=quarter&cip=51.3902&from=2025-01&to=2025-12');
    const whole = (await getDefault('program-demand', 'cip=51.3902&from=2025-01&to=2025-12')) as ProgramDemandResponse;
    // CNA postings p1, p2, p7 (p3 is a duplicate) in Q1
    expect(q.rows.map((r) => [r.key, r.openings])).toEqual([['2025-Q1', 3], ['2025-Q2', 0], ['2025-Q3', 0], ['2025-Q4', 0]]);
    expect(q.totals.openings).toBe(whole.totals.openings);
    // awards 15, 12, 4, 0: Q3 under k, one more hidden so the total 31 cannot give it away
    expect(q.rows[2].awards).toEqual({ value: null, suppressed: true });
    expect(q.rows.filter((r) => r.awards.suppressed)).toHaveLength(2);
    expect(q.totals.awards).toEqual({ value: 31, suppressed: false });
  });
});

describe('the other endpoints: periods add up to the ungrouped answer', () => {
  it('concentration: region and nation totals per quarter sum to the range; LQ of health care in California per quarter', async () => {
    const q = await get('concentration', 'groupBy=period&granularity=quarter&region=state:06&naics=62&from=2024-10&to=2025-03');
    const whole = (await getDefault('concentration', 'region=state:06&from=2024-10&to=2025-03')) as ConcentrationResponse;
    expect(q.totals).toEqual(whole.totals);
    // Q1 2025 in CA: p1, p2, p4 in 62, p5 in 54 -> 3 of 4; nation: p1, p2, p4, p7 of 7 -> LQ (3/4) / (4/7) = 1.3125
    expect(q.rows[1]).toMatchObject({ key: '2025-Q1', count: 3, regionTotal: 4, nationCount: 4, nationTotal: 7, lq: 1.3125, concentrated: true });
  });

  it('program skills: postings per quarter in the program occupations sum to the ungrouped count', async () => {
    const q = await get('program-skills', 'groupBy=period&granularity=quarter&cip=51.3902&from=2024-10&to=2025-03');
    const whole = (await getDefault('program-skills', 'cip=51.3902&from=2024-10&to=2025-03')) as ProgramSkillsResponse;
    expect(q.totals.postings).toBe(whole.totals.postings);
    // CNA postings: p9 (Dec) in Q4; p1, p2, p7 in Q1, of which p1 names patient care (covered by the CNA credential)
    expect(q.rows.map((r) => [r.key, r.postings, r.withSkills, r.covered])).toEqual([['2024-Q4', 1, 0, 0], ['2025-Q1', 3, 1, 1]]);
  });

  it('equity and outcomes: the earners of 2025-Q3 (4) are hidden, with one more quarter; the range total shows', async () => {
    const equity = await get('equity', 'groupBy=period&granularity=quarter&from=2025-01&to=2025-12&dimension=sex');
    const wholeEquity = (await getDefault('equity', 'from=2025-01&to=2025-12&dimension=sex')) as EquityResponse;
    expect(equity.totals.awards).toEqual(wholeEquity.totals.awards);
    // awards 15, 12, 4, 0: Q3 under k, one more quarter hidden with it; the empty Q4 is a shown 0
    expect(equity.rows[2].awards).toMatchObject({ value: null, suppressed: true, reason: 'primary' });
    expect(equity.rows.filter((r) => r.awards.suppressed)).toHaveLength(2);
    expect(equity.rows[3].awards).toEqual({ value: 0, suppressed: false });
    // no group of a hidden quarter is shown beside the others so as to give it back
    expect(equity.rows[2].groups.every((g) => g.awards.suppressed || g.awards.value === 0)).toBe(true);
    const outcomes = await get('outcomes', 'groupBy=period&granularity=quarter&from=2025-01&to=2025-12');
    const wholeOutcomes = (await getDefault('outcomes', 'from=2025-01&to=2025-12')) as OutcomesResponse;
    expect(outcomes.totals.earners).toEqual(wholeOutcomes.totals.earners);
    expect(outcomes.totals.earners).toEqual({ value: 31, suppressed: false });
    expect(outcomes.rows[2].earners).toMatchObject({ value: null, suppressed: true, reason: 'primary' });
    expect(outcomes.rows.filter((r) => r.earners.suppressed)).toHaveLength(2);
    const yearly = await get('outcomes', 'groupBy=period&granularity=year&from=2025-01&to=2025-12');
    expect(yearly.rows.map((r) => [r.key, r.earners.value])).toEqual([['2025', 31]]);
  });

  it('saturation: credentials awarded and not named per quarter; the range counts agree with the ungrouped totals', async () => {
    const q = await get('saturation', 'groupBy=period&granularity=quarter&from=2024-04&to=2025-12');
    const whole = (await getDefault('saturation', 'from=2024-04&to=2025-12')) as SaturationResponse;
    expect(q.totals.credentialsAwarded).toBe(whole.totals.credentialsAwarded);
    expect(q.totals.unrecognized).toBe(whole.totals.unrecognized);
    // AWS: 5 awards in 2024-Q2, no posting names it that quarter (its postings are in 2025-Q1)
    expect(q.rows.find((r) => r.key === '2024-Q2')).toMatchObject({ credentialsAwarded: 1, unrecognized: 1, awards: { value: null, suppressed: true } });
    // CNA in 2025-Q1: 15 awards, named by p1, p2, p4, p7
    expect(q.rows.find((r) => r.key === '2025-Q1')).toMatchObject({ credentialsAwarded: 1, unrecognized: 0 });
  });
});

describe('people counts are protected per period', () => {
  it('skill gap supply: the 4 awards of 2025-Q3 are hidden (and one more quarter so the total cannot give them away); the year shows 31', async () => {
    const q = await get('skill-gap', 'groupBy=period&granularity=quarter&skill=test-patient-care&from=2025-01&to=2025-12');
    const byKey = Object.fromEntries(q.rows.map((r) => [r.key, r.supply]));
    expect(byKey['2025-Q3']).toEqual({ value: null, suppressed: true });
    // Q1 15, Q2 12 are at or above k, but with the total 31 shown one of them must go too
    expect([byKey['2025-Q1'], byKey['2025-Q2']].filter((s) => s.suppressed)).toHaveLength(1);
    expect(byKey['2025-Q4']).toEqual({ value: 0, suppressed: false });
    expect(q.totals.supply).toBe(31);
    expect(q.suppressedCells).toBe(2);
    const y = await get('skill-gap', 'groupBy=period&granularity=year&skill=test-patient-care&from=2025-01&to=2025-12');
    expect(y.rows.map((r) => [r.key, r.supply])).toEqual([['2025', { value: 31, suppressed: false }]]);
  });
});

describe('rollups and raw rows give the same series', () => {
  const cases: [string, string][] = [
    ['postings', 'groupBy=period&granularity=quarter&from=2024-10&to=2025-06'],
    ['recognition', 'groupBy=period&granularity=quarter&from=2024-10&to=2025-06'],
    ['recognition', 'groupBy=period&granularity=month&from=2024-12&to=2025-03&credential=9001&region=state:06'],
    ['recognition', 'groupBy=period&granularity=quarter&from=2024-10&to=2025-06&naics=62&credential=9001'],
    ['skill-gap', 'groupBy=period&granularity=quarter&from=2025-01&to=2025-12&skill=test-patient-care'],
    ['skill-gap', 'groupBy=period&granularity=month&from=2025-01&to=2025-03&naics=54'],
    ['program-demand', 'groupBy=period&granularity=quarter&from=2024-10&to=2025-12'],
    ['program-demand', 'groupBy=period&granularity=year&from=2024-01&to=2025-12&cip=51&region=state:06'],
    ['concentration', 'groupBy=period&granularity=quarter&from=2024-10&to=2025-06&naics=62&region=state:48'],
    ['equity', 'groupBy=period&granularity=quarter&from=2025-01&to=2025-12'],
    ['equity', 'groupBy=period&granularity=month&from=2025-01&to=2025-06&credential=9001'],
    ['saturation', 'groupBy=period&granularity=quarter&from=2024-04&to=2025-12&region=state:06'],
    ['outcomes', 'groupBy=period&granularity=quarter&from=2025-01&to=2025-12'],
    ['pathways', 'groupBy=period&granularity=year&from=2024-01&to=2025-12'],
  ];
  it.each(cases)('%s ?%s', async (m, q) => {
    const query = Object.fromEntries(new URLSearchParams(q));
    const parse = (spec: Parameters<typeof withPeriods>[0]) => t.app.get(FilterService).parse(query, withPeriods(spec));
    const run = async (raw: boolean) => {
      if (m === 'postings') return t.app.get(PostingsService).series(await parse(POSTINGS_SPEC), { raw });
      if (m === 'recognition') return t.app.get(RecognitionSeriesService).compute(await parse(RECOGNITION_SPEC), { raw });
      if (m === 'program-demand') return t.app.get(ProgramDemandSeriesService).compute(await parse(PROGRAM_DEMAND_SPEC), { raw });
      if (m === 'concentration') return t.app.get(ConcentrationSeriesService).compute(await parse(CONCENTRATION_SPEC), { raw });
      if (m === 'equity') return t.app.get(EquitySeriesService).compute(await parse(EQUITY_SPEC), { raw });
      if (m === 'saturation') return t.app.get(SaturationSeriesService).compute(await parse(SATURATION_SPEC), { raw });
      if (m === 'outcomes') return t.app.get(OutcomesSeriesService).compute(await parse(OUTCOMES_SPEC), { raw });
      if (m === 'pathways') return t.app.get(PathwaysSeriesService).compute(await parse(PATHWAYS_SPEC), { raw });
      return t.app.get(SkillGapSeriesService).compute(await parse(SKILL_GAP_SPEC), { raw });
    };
    const [a, b] = [await run(false), await run(true)];
    expect(a.rows).toEqual(b.rows);
    expect(a.totals).toEqual(b.totals);
  });
});

describe('outcomes and pathways: one aggregate query per series gives what one query per period gave', () => {
  // Percentiles and medians do not add up over periods: each period (and the range) must be read
  // from its own rows. The series reads them all in one query (perPeriod); this compares it with the
  // ungrouped figures over each period's months, from the rollups and from the raw rows.
  // CNA stacks into the BSN, which six CNA earners of 2025-Q1 earn later (the other specs here are done with these counts).
  beforeAll(async () => {
    await t.ds.query(`INSERT INTO credential_stack (part_id, whole_id) VALUES (9001, 9003)`);
    const bsn = Array.from({ length: 6 }, (_, i) => `('a-bsn-${i}', 'l-ca-${i}', 9003, '2025-1${i % 3}-05', '06037', '06', '51.3801')`);
    await t.ds.query(`INSERT INTO credential_award(source_key, learner_key, credential_id, award_date, county_fips, state_fips, program_cip) VALUES ${bsn.join(', ')}`);
    await refreshRollups(t.ds);
  });
  it.each([false, true])('raw rows %s: each quarter and the range', async (raw) => {
    const parse = (spec: Parameters<typeof withPeriods>[0], q: Record<string, string>) => t.app.get(FilterService).parse(q, withPeriods(spec));
    const range = { from: '2024-01', to: '2025-12' };
    const quarters = periodsOf(range.from, range.to, 'quarter');
    const strip = <T extends { key?: string | null }>(rows: T[]) => rows.map(({ key: _key, ...r }) => r);

    const outcomes = t.app.get(OutcomesRepository);
    const series = await outcomes.periodAggregates(await parse(OUTCOMES_SPEC, { ...range, groupBy: 'period', granularity: 'quarter' }), raw);
    const byQ = <T extends { q: number }>(rows: T[]) => [...rows].sort((a, b) => a.q - b.q);
    for (const p of [...quarters, { key: null, from: range.from, to: range.to }]) {
      const one = (await outcomes.aggregates(await parse(OUTCOMES_SPEC, { from: p.from, to: p.to }), 'credential', raw)).filter((a) => a.key === null);
      expect(strip(byQ(series.filter((a) => a.key === p.key)))).toEqual(strip(byQ(one)));
    }
    expect(series.some((a) => a.key !== null && a.earners > 0)).toBe(true);

    const pathways = t.app.get(PathwaysRepository);
    const pairs = await pathways.periodPairs(await parse(PATHWAYS_SPEC, { ...range, groupBy: 'period', granularity: 'quarter' }), raw);
    for (const p of [...quarters, { key: null, from: range.from, to: range.to }]) {
      const one = await pathways.pairs(await parse(PATHWAYS_SPEC, { from: p.from, to: p.to }), raw);
      expect(strip(pairs.filter((a) => a.key === p.key))).toEqual(strip(one));
    }
    expect(pairs.some((a) => a.key !== null && a.later > 0)).toBe(true);
  });
});
