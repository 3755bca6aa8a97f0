import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PeersResponse } from '@credpulse/contracts';
import { refreshRollups } from '../../apps/api/src/modules/analytics/catalogue/refresh.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { truncateFacts } from './support/test-db.js';

// Issue 17: a workforce board's own region (Riverside + San Bernardino counties) beside the five
// most similar areas by industry mix and size, and beside the nation scaled to its size.
// Unique postings in Q1 2025 (62 = health care, 54 = professional services, 33 = manufacturing):
//   Riverside-San Bernardino (06065, 06071)  60 / 30 / 0    the board's own custom region, and CBSA 40140
//   Austin (48453)                           55 / 35 / 0    same size, a close mix
//   San Francisco (06075)                    80 / 20 / 0    a little bigger, more health care
//   Los Angeles (06037)                     600 / 300 / 0   the same mix, ten times the size
//   Houston (48201)                          10 /  0 / 80   the same size, a factory mix
describe('peers: a region beside the most similar areas and the nation scaled to its size', () => {
  let t: TestApp;
  let analyst: string;
  beforeAll(async () => {
    t = await startTestApp();
    analyst = await t.apiKey('analyst');
    await truncateFacts(t.ds);
    await t.ds.query('TRUNCATE custom_region_county, custom_region RESTART IDENTITY CASCADE');
    const rows: [string, string, number][] = [
      ['06065', '621111', 40], ['06071', '621111', 20], ['06065', '541511', 30],
      ['48453', '621111', 55], ['48453', '541511', 35],
      ['06075', '621111', 80], ['06075', '541511', 20],
      ['06037', '621111', 600], ['06037', '541511', 300],
      ['48201', '621111', 10], ['48201', '336111', 80],
    ];
    let n = 0;
    for (const [county, naics, count] of rows) {
      await t.ds.query(
        `INSERT INTO job_posting(source_key, title, state_fips, county_fips, naics_code, posted_date, is_duplicate)
         SELECT 'peer-' || ($4::int + g), 'Posting', left($1, 2), $1, $2, DATE '2025-01-01' + (g % 80), false FROM generate_series(1, $3::int) g`,
        [county, naics, count, n],
      );
      n += count;
    }
    // Awards (people): 12 in the board's region, 4 in Austin (below k = 10, so hidden).
    await t.ds.query(
      `INSERT INTO credential_award(source_key, learner_key, credential_id, award_date, county_fips, state_fips)
       SELECT 'aw-' || g, 'l-' || g, (SELECT min(id) FROM credential), DATE '2025-02-01', CASE WHEN g <= 12 THEN '06065' ELSE '48453' END, CASE WHEN g <= 12 THEN '06' ELSE '48' END
       FROM generate_series(1, 16) g`,
    );
    await refreshRollups(t.ds);
    const created = await t.http().post('/api/regions/custom').set('X-API-Key', analyst).send({ name: 'Inland Empire WDB', counties: ['06065', '06071'] });
    expect(created.status).toBe(201);
  });
  afterAll(async () => {
    await truncateFacts(t.ds);
    await t.close();
  });

  const peers = async (qs: string): Promise<PeersResponse> => {
    const res = await t.http().get(`/api/peers?${qs}`).set('X-API-Key', analyst);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };

  it("with a view: that view's headline figure per area from the metric's own answer, a count under k hidden (never 0), the nation scaled by postings", async () => {
    const res = await peers('region=custom:1&peers=county:48453,county:06037&from=2025-01&to=2025-03&view=equity');
    const m = res.measure!;
    expect(m).toMatchObject({ view: 'equity', unit: 'count', kind: 'count', people: true, from: '2025-01', to: '2025-03' });
    expect(m.rows.map((r) => [r.code, r.role])).toEqual([
      ['custom:1', 'region'],
      ['county:48453', 'peer'],
      ['county:06037', 'peer'],
      ['us', 'nation-scaled'],
    ]);
    // each area's figure is what the equity view itself shows for that area
    for (const r of m.rows.slice(0, 3)) {
      const eq = await t.http().get(`/api/metrics/equity?region=${r.code}&from=2025-01&to=2025-03`).set('X-API-Key', analyst);
      expect(eq.status).toBe(200);
      expect({ value: r.value, suppressed: r.suppressed }, r.code).toEqual({ value: eq.body.totals.awards.value, suppressed: eq.body.totals.awards.suppressed });
    }
    const [region, austin, la, nation] = m.rows;
    expect(region).toMatchObject({ value: 12, suppressed: false, postings: 90 });
    // Austin's 4 awards are under k: hidden, no index, never 0
    expect(austin).toMatchObject({ value: null, suppressed: true, index: null });
    expect(la).toMatchObject({ value: 0, suppressed: false, index: 0 });
    // the nation: 16 awards over 1,270 postings, scaled to the region's 90 postings; LQ of the region
    expect(m).toMatchObject({ nationValue: 16, nationPostings: 1270 });
    expect(nation).toMatchObject({ value: Math.round((16 * 90) / 1270), index: 1, postings: 90 });
    expect(region.index).toBeCloseTo(12 / 90 / (16 / 1270), 3);

    // a rate: the recognition share is compared with the national share as it is (not scaled)
    const rec = (await peers('region=custom:1&peers=county:48453&from=2025-01&to=2025-03&view=recognition')).measure!;
    expect(rec).toMatchObject({ unit: 'percent', kind: 'rate', people: false });
    expect(rec.rows.at(-1)!.value).toBe(rec.nationValue);
  });

  it('bad input: an unknown view is a 400 naming the parameter', async () => {
    const res = await t.http().get('/api/peers?region=custom:1&view=nope').set('X-API-Key', analyst);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(JSON.stringify(res.body)).toContain('view');
  });

  it('suggests the five most similar areas: the twin first, the same mix at ten times the size and the factory town last', async () => {
    const res = await peers('region=custom:1&from=2025-01&to=2025-03');
    expect(res.suggested).toBe(true);
    expect(res.areas.map((a) => [a.code, a.role])).toEqual([
      ['custom:1', 'region'],
      ['cbsa:40140', 'peer'],
      ['cbsa:12420', 'peer'],
      ['cbsa:41860', 'peer'],
      ['cbsa:31080', 'peer'],
      ['cbsa:26420', 'peer'],
      ['us', 'nation-scaled'],
    ]);
    const [region, same, austin, sf, la, houston] = res.areas;
    expect(region).toMatchObject({ name: 'Inland Empire WDB', postings: 90, similarity: null });
    expect(same).toMatchObject({ similarity: 1, mixDistance: 0, sizeDistance: 0 });
    // Austin: D = 1/2 (|60/90 - 55/90| + |30/90 - 35/90|) = 0.0556, same size
    expect(austin).toMatchObject({ postings: 90, mixDistance: 0.0556, sizeDistance: 0, similarity: 0.9611 });
    expect(sf.postings).toBe(100);
    expect(la).toMatchObject({ postings: 900, mixDistance: 0, sizeDistance: 1, similarity: 0.7 });
    expect(houston.similarity!).toBeLessThan(0.4);
    expect(res.sectors.map((s) => s.naics2)).toEqual(['62', '54']);
  });

  it('shows the nation scaled to the region: the national mix times its postings, LQs against the nation', async () => {
    const res = await peers('region=custom:1&from=2025-01&to=2025-03');
    const nation = res.areas.at(-1)!;
    // nation: 1,270 postings, 805 in health care: 805 / 1270 * 90 = 57.0
    expect(nation).toMatchObject({ code: 'us', postings: 90 });
    expect(nation.sectors[0]).toEqual({ naics2: '62', count: 57, share: 0.6339, lq: 1 });
    // region LQ for health care = (60/90) / (805/1270) = 1.0518
    expect(res.areas[0].sectors[0]).toEqual({ naics2: '62', count: 60, share: 0.6667, lq: 1.0518 });
  });

  it('passes awards (people) through disclosure control: 12 shown, 4 hidden as null, never 0', async () => {
    const res = await peers('region=custom:1&from=2025-01&to=2025-03');
    const byCode = new Map(res.areas.map((a) => [a.code, a]));
    expect(byCode.get('custom:1')).toMatchObject({ awards: 12, awardsSuppressed: false, awardsPerThousandPostings: 133.3 });
    expect(byCode.get('cbsa:12420')).toMatchObject({ awards: null, awardsSuppressed: true, awardsPerThousandPostings: null });
    expect(res.suppressedCells).toBeGreaterThanOrEqual(1);
    expect(res.k).toBe(10);
  });

  it('takes picked peers instead, states included, and scores them', async () => {
    const res = await peers('region=custom:1&from=2025-01&to=2025-03&peers=cbsa:26420,state:06');
    expect(res.suggested).toBe(false);
    expect(res.query.peers).toEqual(['cbsa:26420', 'state:06']);
    expect(res.areas.map((a) => a.name)).toEqual(['Inland Empire WDB', expect.stringMatching(/^Houston/), 'California', 'United States, scaled to the region']);
    expect(res.areas[2].postings).toBe(1090);
  });

  it('suggests states for a state', async () => {
    const res = await peers('region=state:48&from=2025-01&to=2025-03');
    expect(res.areas.filter((a) => a.role === 'peer').map((a) => a.code)).toEqual(['state:06']);
    expect(res.notes.join(' ')).toMatch(/Only 1 candidate areas/);
  });

  it('bad input: the nation, an unknown peer, the region as its own peer: 400 naming the parameter', async () => {
    for (const [qs, parameter] of [
      ['region=us', 'region'],
      ['region=custom:1&peers=cbsa:99999', 'peers'],
      ['region=custom:1&peers=custom:1', 'peers'],
      ['region=custom:1&peers=mars', 'peers'],
      ['peers=state:06', 'region'],
    ]) {
      const res = await t.http().get(`/api/peers?${qs}`).set('X-API-Key', analyst);
      expect(res.status, qs).toBe(400);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(res.body.parameter, qs).toBe(parameter);
    }
  });
});
