import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostingsResponse } from '@credpulse/contracts';
import { touchDataAsOf } from '../../apps/api/src/core/meta.service.js';
import { refreshRollups } from '../../apps/api/src/modules/analytics/catalogue/refresh.js';
import { dataVersion } from '../../apps/api/src/modules/analytics/response-cache.interceptor.js';
import { seedAnalyticsDataset } from '../fixtures/analytics-dataset.fixture.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { truncateFacts } from './support/test-db.js';

// The response cache (CREDPULSE_RESPONSE_CACHE) must never serve an answer older than the data:
// every refresh of the rollups and every recorded data load invalidates it. (Rows written without
// either are not seen until then: writers go through ingest, the demo loader or refreshRollups.)
let t: TestApp;
let key: string;
const get = async (q: string) => t.http().get(`/api/metrics/postings?${q}`).set('X-API-Key', key);
const unique = (b: PostingsResponse) => (b.totals as { unique: number }).unique;

beforeAll(async () => {
  t = await startTestApp({ responseCacheEntries: 50 });
  await truncateFacts(t.ds);
  await seedAnalyticsDataset(t.ds);
  await refreshRollups(t.ds);
  key = await t.apiKey('viewer');
});
afterAll(async () => t?.close());

describe('metric answers cached by data version', () => {
  it('serves the same answer for the same query in any parameter order, and a new one after a load and refresh', async () => {
    const a = await get('region=state:06&from=2025-01&to=2025-03');
    const b = await get('to=2025-03&from=2025-01&region=state:06');
    expect(a.status).toBe(200);
    expect(b.body).toEqual(a.body);
    expect(unique(a.body)).toBe(4);
    // county grouping reads the raw rows: only the cache can keep it from seeing a new row
    const raw1 = await get('region=state:06&from=2025-01&to=2025-03&groupBy=county');
    const la = (b: PostingsResponse) => b.rows.find((r) => r.key === '06037')?.unique;
    expect(la(raw1.body)).toBe(2);

    // a row written behind the cache's back is not seen until the data version moves ...
    await t.ds.query(`INSERT INTO job_posting(id, source_key, title, state_fips, county_fips, naics_code, soc_code, posted_date, degree_level, in_lieu, is_duplicate)
                      VALUES (900, 'cache-p900', 'Late arrival', '06', '06037', '621111', '31-1131', '2025-02-02', 0, false, false)`);
    expect(la((await get('region=state:06&from=2025-01&to=2025-03&groupBy=county')).body)).toBe(2);
    const before = await dataVersion(t.ds);
    // ... and refreshing the rollups (as every ingest does) moves it
    await refreshRollups(t.ds, { since: '2025-02-01' });
    expect(await dataVersion(t.ds)).not.toBe(before);
    const c = await get('region=state:06&from=2025-01&to=2025-03');
    expect(unique(c.body)).toBe(5);
    expect(la((await get('region=state:06&from=2025-01&to=2025-03&groupBy=county')).body)).toBe(3);
  });

  it('a recorded data load (touchDataAsOf) invalidates too, and bad input is never cached', async () => {
    const v1 = await dataVersion(t.ds);
    await touchDataAsOf(t.ds);
    expect(await dataVersion(t.ds)).not.toBe(v1);
    const bad1 = await get('from=2025-13');
    const bad2 = await get('from=2025-13');
    expect([bad1.status, bad2.status]).toEqual([400, 400]);
    expect(bad2.body).toMatchObject({ parameter: 'from' });
  });
});
